package dev.instructzero.study;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.instructzero.job.JobStatus;
import dev.instructzero.run.StopReason;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A study as the API shows it.
 *
 * @param status {@code RUNNING} while one of its jobs is QUEUED or RUNNING, then
 * {@code FINISHED}
 * @param seeds the seeds every arm ran with, in order
 * @param baseline name of the arm the others are compared with
 * @param budget the study's budget as requested (null: none)
 * @param jobsByStatus how many of its jobs are in each status
 * @param arms the arms in grid order, each with its jobs in seed order
 */
record StudyResponse(UUID id, @Nullable String name, String status, UUID taskId, String owner, Instant createdAt,
		List<Long> seeds, @Nullable String baseline, @Nullable StudyBudget budget, Map<JobStatus, Integer> jobsByStatus,
		List<Arm> arms) {

	/** {@link #status()} while a job is unfinished. */
	public static final String RUNNING = "RUNNING";

	/** {@link #status()} once every job has ended. */
	public static final String FINISHED = "FINISHED";

	/**
	 * One grid point.
	 *
	 * @param settings grid key → this arm's value
	 * @param baseline whether the others are compared with this arm
	 */
	public record Arm(int index, String name, JsonNode settings, boolean baseline, List<ArmJob> jobs) {
	}

	/**
	 * The job of one arm and seed.
	 *
	 * @param bestDevScore dev score of the job's best trial so far (as its progress
	 * shows)
	 * @param paidCalls black-box calls the job paid for
	 * @param costUsd their cost
	 */
	public record ArmJob(long seed, UUID jobId, JobStatus status, @Nullable StopReason stopReason,
			@Nullable Double bestDevScore, long paidCalls, BigDecimal costUsd) {
	}

}
