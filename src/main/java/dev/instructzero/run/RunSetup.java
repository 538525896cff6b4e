package dev.instructzero.run;

import java.util.UUID;

/**
 * What a run needs to know of its job.
 *
 * @param plan the rounds to walk
 * @param source where the candidates come from (the job's strategy)
 * @param task what instructions are scored on
 * @param racing how a new instruction is scored on the dev subset
 * @param finalCandidates distinct instructions the final selection re-scores
 * @param asynchronous {@link AsyncSchedule} instead of {@link BatchSchedule}
 */
public record RunSetup(UUID jobId, Plan plan, CandidateSource source, RunTask task, RacingRule racing,
		int finalCandidates, boolean asynchronous) {

	/** A setup of the batch schedule. */
	public RunSetup(UUID jobId, Plan plan, CandidateSource source, RunTask task, RacingRule racing,
			int finalCandidates) {
		this(jobId, plan, source, task, racing, finalCandidates, false);
	}

}
