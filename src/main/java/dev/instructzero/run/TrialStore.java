package dev.instructzero.run;

import java.util.List;
import java.util.Optional;

import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.trial.ExampleAnswer;

/** Where one run's trials are kept. Implemented by the job module. */
public interface TrialStore {

	/**
	 * Persists a trial with the job's usage so far and the answers its dev score came
	 * from (empty for a duplicate, whose answers are the first trial's).
	 */
	void record(TrialResult trial, UsageTotals usage, List<ExampleAnswer> devAnswers);

	/** The job's best trial, as {@code GET /jobs/{id}/best} defines it. */
	Optional<TrialResult> best();

	/** The first trials of the job's top distinct instructions by dev score. */
	List<TrialResult> topDistinct(int limit);

	/** Stores the best trial's test score with the answers it came from. */
	void recordTestScore(int ordinal, double score, UsageTotals usage, List<ExampleAnswer> testAnswers);

}
