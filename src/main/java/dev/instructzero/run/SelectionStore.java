package dev.instructzero.run;

import java.util.List;

import dev.instructzero.evaluator.UsageTotals;

/** Where one run's final selection is kept. Implemented by the job module. */
public interface SelectionStore {

	/** The candidates already scored, by dev rank. */
	List<FinalScore> scored();

	void record(FinalScore candidate, UsageTotals usage);

	/** Records the final choice. */
	void choose(int ordinal);

}
