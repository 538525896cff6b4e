package dev.instructzero.run;

import dev.instructzero.evaluator.JudgeTotals;
import dev.instructzero.evaluator.UsageTotals;

/**
 * What one run tells its job and asks of it: phase, plan length, usage counters, and
 * whether a cancellation was requested. Implemented by the job module.
 */
public interface JobProgress {

	boolean cancelRequested();

	/**
	 * The run is in {@code phase} (e.g. {@code bayesian-optimisation}) of an iteration.
	 */
	void phase(Phase phase, int iteration);

	/** The plan now has this many trials (replacements of duplicates lengthen it). */
	void planned(int trialsPlanned);

	/** The job's usage totals so far. */
	void usage(UsageTotals usage);

	/** The judge's share of the usage ({@code llm_judge} tasks). */
	void judgeUsage(JudgeTotals judge);

}
