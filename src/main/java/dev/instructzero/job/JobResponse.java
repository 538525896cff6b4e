package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import dev.instructzero.evaluator.JobBudget;
import dev.instructzero.run.StopReason;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A job as the API shows it; {@code owner} is the name of the API client that created it
 * (null for jobs from before clients existed); {@code generatorModel} the configured
 * generator that writes its instructions (null for APE); {@code simulated} is true for a
 * job run by the sandbox's simulated generator and black box, whose scores say nothing
 * about real models.
 */
public record JobResponse(UUID id, JobStatus status, @Nullable StopReason stopReason, Strategy strategy, UUID taskId,
		String blackBoxModel, JobSettings settings, JobBudget budget, Progress progress, @Nullable String error,
		Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable String owner,
		@Nullable Callback callback, @Nullable String generatorModel, boolean simulated) {

	/**
	 * The job's callback: where and how its end is announced (null when the job names no
	 * {@code callbackUrl}).
	 *
	 * @param url the callback URL
	 * @param delivery {@code WAITING} until the job ends, then {@code PENDING},
	 * {@code DELIVERED} or {@code FAILED} (attempts used up)
	 * @param attempts delivery attempts made
	 * @param lastError the last failed attempt's error
	 * @param deliveredAt when the receiver acknowledged it (2xx)
	 */
	public record Callback(String url, String delivery, int attempts, @Nullable String lastError,
			@Nullable Instant deliveredAt) {
	}

	/**
	 * How far a job has come and what it has cost.
	 *
	 * @param trialsDone trials persisted
	 * @param trialsPlanned trials of the plan (settings and maxTrials); grows when an
	 * iteration generates replacements for proposals whose instruction was known; for a
	 * budget-driven job, the trials up to the end of the round being run
	 * @param untilBudget the plan is "until budget": batches until the budget is spent or
	 * the search converges (trialsPlanned is then no total)
	 * @param currentIteration Bayesian-optimisation iteration (0 = initial design)
	 * @param phase what the job is doing now
	 * @param bestDevScore dev score of the best trial (as {@code GET /jobs/{id}/best}
	 * defines it), null before the first trial
	 * @param bestOrdinal ordinal of the best trial
	 * @param paidCalls black-box calls paid for
	 * @param cacheHits black-box answers served from the cache
	 * @param tokensIn prompt tokens paid for
	 * @param tokensOut completion tokens paid for
	 * @param costUsd cost in USD of the paid calls (0 without pricing)
	 * @param judgeCalls of the paid calls, those to the judge model ({@code llm_judge})
	 * @param judgeTokensIn of the prompt tokens, the judge's
	 * @param judgeTokensOut of the completion tokens, the judge's
	 * @param judgeCostUsd of the cost, the judge's
	 * @param judgeUnparsed judged answers scored 0 because the judge's reply could not be
	 * read even after one retry
	 * @param stoppedEarly distinct instructions that racing stopped before the whole dev
	 * subset
	 * @param paidCallsSaved black-box answer calls that full evaluation would have paid
	 * on top: the dev examples those instructions were not scored on (llm_judge tasks
	 * save a judge call per example too)
	 */
	public record Progress(int trialsDone, int trialsPlanned, boolean untilBudget, int currentIteration,
			@Nullable String phase, @Nullable Double bestDevScore, @Nullable Integer bestOrdinal, long paidCalls,
			long cacheHits, long tokensIn, long tokensOut, BigDecimal costUsd, long judgeCalls, long judgeTokensIn,
			long judgeTokensOut, BigDecimal judgeCostUsd, long judgeUnparsed, long stoppedEarly, long paidCallsSaved) {

	}

}
