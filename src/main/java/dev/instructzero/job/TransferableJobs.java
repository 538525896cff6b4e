package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.UUID;

import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.web.Caller;
import dev.instructzero.web.NotFoundException;
import dev.instructzero.web.QuotaExceededException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the transfer module may know of a job and do to it: read the facts that fix the
 * examples a transfer scores on, add what a transfer paid to the job's usage, and cap a
 * transfer's cost by its client's quotas. The job's entity, repository and quotas stay
 * inside this package.
 */
@Service
public class TransferableJobs {

	private final JobService jobs;

	private final JobRepository repository;

	private final ClientQuotas quotas;

	TransferableJobs(JobService jobs, JobRepository repository, ClientQuotas quotas) {
		this.jobs = jobs;
		this.repository = repository;
		this.quotas = quotas;
	}

	/**
	 * The job as the source of a transfer. Another client's job is already a 404 before
	 * this is called (the ownership check on {@code /jobs/{id}/**}).
	 * @throws NotFoundException if there is no such job
	 */
	@Transactional(readOnly = true)
	public Source find(UUID jobId) {
		Job job = this.jobs.find(jobId);
		return new Source(job.id(), job.status(), job.taskId(), job.seed(), job.settings().devExamples());
	}

	/**
	 * Adds usage paid outside the job's run (a transfer of its instructions) to the job's
	 * totals, and so to its client's spend. Nothing happens for a job that no longer
	 * exists.
	 */
	public void addUsage(UUID jobId, UsageTotals paid) {
		this.repository.addUsage(jobId, paid.paidCalls(), paid.cacheHits(), paid.tokensIn(), paid.tokensOut(),
				paid.costUsd());
	}

	/**
	 * The cost budget in USD of a transfer by {@code caller}: {@code requested}, capped
	 * at the client's {@code max-job-cost-usd} and at what is left of its 30-day spend
	 * limit; null (no cap) when neither the request nor the client sets one.
	 * @throws QuotaExceededException (429) when nothing is left of the spend limit
	 */
	public @Nullable BigDecimal costCap(Caller caller, @Nullable BigDecimal requested) {
		return this.quotas.transferCostCap(caller, requested);
	}

	/**
	 * A job as a transfer needs it: its status (instructions are transferred once it has
	 * finished), and its task, seed and dev-subset size, which fix the split of the
	 * task's examples the job ran on.
	 *
	 * @param devExamples size of the job's fixed dev subset
	 */
	public record Source(UUID id, JobStatus status, UUID taskId, long seed, int devExamples) {
	}

}
