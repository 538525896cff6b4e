package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.instructzero.evaluator.JobBudget;
import dev.instructzero.web.Caller;
import dev.instructzero.web.QuotaExceededException;
import dev.instructzero.web.SecurityProperties;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The quotas of API clients on jobs: jobs at once, the cost budget of one job and the
 * cost of the jobs created in the last 30 days. A new job's cost budget is capped at what
 * its client may still spend (the limit less the cost of its finished jobs and the cost
 * budgets of its unfinished ones, so jobs side by side cannot together overrun it), and a
 * running job stops at the client's limit the way it stops at its own budget (stop reason
 * BUDGET).
 */
@Component
class ClientQuotas {

	static final Duration SPEND_WINDOW = Duration.ofDays(30);

	private final JobRepository jobs;

	private final SecurityProperties security;

	private final Clock clock;

	ClientQuotas(JobRepository jobs, SecurityProperties security, Clock clock) {
		this.jobs = jobs;
		this.security = security;
		this.clock = clock;
	}

	/**
	 * The budget a new job of {@code caller} runs with; to be called in the transaction
	 * that stores the job, which it serialises with the client's other admissions.
	 * @throws QuotaExceededException (429) naming the quota the job would exceed
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	JobBudget admit(Caller caller, JobBudget budget) {
		SecurityProperties.Client client = this.security.client(caller.name());
		if (client == null) {
			return budget;
		}
		this.jobs.lockQuotaOf(caller.name());
		if (client.maxConcurrentJobs() != null
				&& this.jobs.countUnfinishedByOwner(caller.name()) >= client.maxConcurrentJobs()) {
			throw new QuotaExceededException("maxConcurrentJobs",
					"at most " + client.maxConcurrentJobs() + " QUEUED or RUNNING jobs at once");
		}
		BigDecimal maxCost = budget.maxCostUsd();
		if (client.maxJobCostUsd() != null) {
			if (maxCost != null && maxCost.compareTo(client.maxJobCostUsd()) > 0) {
				throw new QuotaExceededException("maxJobCostUsd",
						"budget.maxCostUsd may be at most " + client.maxJobCostUsd().toPlainString() + " USD");
			}
			maxCost = (maxCost != null) ? maxCost : client.maxJobCostUsd();
		}
		if (client.spendLimitUsd() != null) {
			BigDecimal left = client.spendLimitUsd()
				.subtract(this.jobs.committedByOwnerSince(caller.name(), this.clock.instant().minus(SPEND_WINDOW)));
			if (left.signum() <= 0) {
				throw new QuotaExceededException("spendLimitUsd",
						"the jobs created in the last 30 days have spent or reserved (unfinished jobs' cost budgets) "
								+ client.spendLimitUsd().toPlainString() + " USD");
			}
			maxCost = (maxCost == null || maxCost.compareTo(left) > 0) ? left : maxCost;
		}
		return new JobBudget(budget.maxTrials(), budget.maxBlackBoxCalls(), budget.maxTokens(), maxCost);
	}

	/**
	 * The cost budget of a transfer by {@code caller}: the requested one, capped at the
	 * client's {@code max-job-cost-usd} and at what is left of its 30-day spend limit (a
	 * transfer's cost is added to its job's).
	 * @throws QuotaExceededException (429) when nothing is left of the spend limit
	 */
	@Transactional(readOnly = true)
	@Nullable BigDecimal transferCostCap(Caller caller, @Nullable BigDecimal requested) {
		SecurityProperties.Client client = this.security.client(caller.name());
		BigDecimal cap = requested;
		if (client == null) {
			return cap;
		}
		if (client.maxJobCostUsd() != null) {
			cap = (cap == null || cap.compareTo(client.maxJobCostUsd()) > 0) ? client.maxJobCostUsd() : cap;
		}
		if (client.spendLimitUsd() != null) {
			BigDecimal left = client.spendLimitUsd()
				.subtract(this.jobs.committedByOwnerSince(caller.name(), this.clock.instant().minus(SPEND_WINDOW)));
			if (left.signum() <= 0) {
				throw new QuotaExceededException("spendLimitUsd", "the jobs created in the last 30 days have spent or "
						+ "reserved " + client.spendLimitUsd().toPlainString() + " USD");
			}
			cap = (cap == null || cap.compareTo(left) > 0) ? left : cap;
		}
		return cap;
	}

	/** Cost in USD of the client's jobs created in the last 30 days. */
	BigDecimal spentInWindow(String client) {
		Instant since = this.clock.instant().minus(SPEND_WINDOW);
		return this.jobs.costByOwnerSince(client, since);
	}

	/** What {@code GET /clients/me} shows. */
	@Transactional(readOnly = true)
	ClientUsage usage(Caller caller) {
		SecurityProperties.Client client = this.security.client(caller.name());
		return new ClientUsage(caller.name(), caller.admin() ? "admin" : "user",
				this.jobs.countUnfinishedByOwner(caller.name()), spentInWindow(caller.name()),
				(client != null) ? client.maxConcurrentJobs() : null, (client != null) ? client.maxJobCostUsd() : null,
				(client != null) ? client.spendLimitUsd() : null);
	}

	/**
	 * An API client's usage against its quotas (a null quota does not limit).
	 *
	 * @param client the client's name
	 * @param role {@code user} or {@code admin}
	 * @param unfinishedJobs its QUEUED and RUNNING jobs
	 * @param spentUsd30d cost of its jobs created in the last 30 days
	 * @param maxConcurrentJobs quota on unfinished jobs
	 * @param maxJobCostUsd quota on one job's cost budget
	 * @param spendLimitUsd quota on the 30-day cost
	 */
	public record ClientUsage(String client, String role, long unfinishedJobs, BigDecimal spentUsd30d,
			@Nullable Integer maxConcurrentJobs, @Nullable BigDecimal maxJobCostUsd,
			@Nullable BigDecimal spendLimitUsd) {
	}

}
