package dev.instructzero.run;

import dev.instructzero.trial.TrialOrigin;

/** What a run reports to the service's meters: latencies and persisted trials. */
public interface RunMetrics {

	/** Meters nothing (tests). */
	RunMetrics NONE = new RunMetrics() {
	};

	default void recordGeneration(long nanos) {
	}

	default void recordEvaluation(long nanos) {
	}

	default void recordProposal(long nanos) {
	}

	/**
	 * One persisted trial.
	 * @param strategy the wire name of the job's strategy
	 */
	default void recordTrial(String strategy, TrialOrigin origin, boolean duplicate) {
	}

}
