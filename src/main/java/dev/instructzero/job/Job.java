package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import dev.instructzero.run.Phase;
import dev.instructzero.run.StopReason;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.instructzero.evaluator.JobBudget;
import dev.instructzero.evaluator.JudgeTotals;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

/**
 * An optimisation job on a task: its settings, its lifecycle and the running totals that
 * its progress shows. Trials are stored apart (see the trial package).
 */
@Entity
@Table(name = "job")
public class Job {

	@Id
	private UUID id;

	@Column(name = "task_id", nullable = false)
	private UUID taskId;

	@Convert(converter = StrategyConverter.class)
	@Column(nullable = false)
	private Strategy strategy;

	@Column(name = "black_box_model", nullable = false)
	private String blackBoxModel;

	// jsonb for ad-hoc queries (the quota query reads budget ->> 'maxCostUsd'); values
	// are immutable records, so Hibernate never finds them dirty and writes them back
	@Convert(converter = JsonColumns.SettingsColumn.class)
	@Immutable
	@Column(nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private JobSettings settings;

	@Convert(converter = JsonColumns.BudgetColumn.class)
	@Immutable
	@Column(nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private JobBudget budget;

	@Column(nullable = false)
	private long seed;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private JobStatus status;

	@Enumerated(EnumType.STRING)
	@Column(name = "stop_reason")
	private @Nullable StopReason stopReason;

	@Column(name = "error_message")
	private @Nullable String errorMessage;

	@Column(name = "cancel_requested", nullable = false)
	private boolean cancelRequested;

	@Convert(converter = PhaseConverter.class)
	private Phase phase;

	@Column(name = "current_iteration", nullable = false)
	private int currentIteration;

	@Column(name = "trials_planned", nullable = false)
	private int trialsPlanned;

	@Column(name = "trials_done", nullable = false)
	private int trialsDone;

	@Column(name = "paid_calls", nullable = false)
	private long paidCalls;

	@Column(name = "cache_hits", nullable = false)
	private long cacheHits;

	@Column(name = "tokens_in", nullable = false)
	private long tokensIn;

	@Column(name = "tokens_out", nullable = false)
	private long tokensOut;

	@Column(name = "cost_usd", nullable = false)
	private BigDecimal costUsd = BigDecimal.ZERO;

	// the judge's share of the paid calls, tokens and cost (llm_judge tasks)
	@Column(name = "judge_calls", nullable = false)
	private long judgeCalls;

	@Column(name = "judge_tokens_in", nullable = false)
	private long judgeTokensIn;

	@Column(name = "judge_tokens_out", nullable = false)
	private long judgeTokensOut;

	@Column(name = "judge_cost_usd", nullable = false)
	private BigDecimal judgeCostUsd = BigDecimal.ZERO;

	@Column(name = "judge_unparsed", nullable = false)
	private long judgeUnparsed;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "started_at")
	private @Nullable Instant startedAt;

	@Column(name = "finished_at")
	private @Nullable Instant finishedAt;

	// the API client that created it (null for jobs from before clients existed)
	private @Nullable String owner;

	@Column(name = "callback_url")
	private @Nullable String callbackUrl;

	// run by the sandbox's simulated generator and black box (never real results)
	@Column(nullable = false)
	private boolean simulated;

	// the configured generator of a soft-prompt job; null: the first one (and for APE)
	@Column(name = "generator_model")
	private @Nullable String generatorModel;

	protected Job() {
	}

	Job(UUID id, UUID taskId, Strategy strategy, String blackBoxModel, JobSettings settings, JobBudget budget,
			long seed, int trialsPlanned, Instant createdAt) {
		this.id = id;
		this.taskId = taskId;
		this.strategy = strategy;
		this.blackBoxModel = blackBoxModel;
		this.settings = settings;
		this.budget = budget;
		this.seed = seed;
		this.trialsPlanned = trialsPlanned;
		this.status = JobStatus.QUEUED;
		this.phase = Phase.QUEUED;
		this.createdAt = createdAt;
	}

	/** Records the API client that creates this job; called once, before it is saved. */
	void ownedBy(String client) {
		this.owner = client;
	}

	/**
	 * Records where to POST the job's summary when it ends; called before it is saved.
	 */
	void markSimulated() {
		this.simulated = true;
	}

	public boolean simulated() {
		return this.simulated;
	}

	void callBackTo(@Nullable String url) {
		this.callbackUrl = url;
	}

	/**
	 * Records the configured generator a soft-prompt job uses; called before it is saved.
	 */
	void generatedBy(@Nullable String generatorModel) {
		this.generatorModel = generatorModel;
	}

	/**
	 * The configured generator the job chose; null for APE, and for jobs stored before
	 * there were several (they use the first configured one).
	 */
	public @Nullable String generatorModel() {
		return this.generatorModel;
	}

	/** Where the job's summary is POSTed when it ends; null for none. */
	public @Nullable String callbackUrl() {
		return this.callbackUrl;
	}

	/** The API client that created the job; null for jobs from before clients existed. */
	public @Nullable String owner() {
		return this.owner;
	}

	public UUID id() {
		return this.id;
	}

	public UUID taskId() {
		return this.taskId;
	}

	public Strategy strategy() {
		return this.strategy;
	}

	public String blackBoxModel() {
		return this.blackBoxModel;
	}

	/**
	 * The job's settings, with defaults for the fields added after it was stored (its
	 * seed fills an absent one).
	 */
	public JobSettings settings() {
		return this.settings.withDefaults(this.strategy, this.seed);
	}

	/**
	 * The job's budget as stored: the request's limits, the defaults and quotas applied.
	 */
	public JobBudget budget() {
		return this.budget;
	}

	public long seed() {
		return this.seed;
	}

	public JobStatus status() {
		return this.status;
	}

	public @Nullable StopReason stopReason() {
		return this.stopReason;
	}

	public @Nullable String errorMessage() {
		return this.errorMessage;
	}

	public boolean cancelRequested() {
		return this.cancelRequested;
	}

	public Phase phase() {
		return this.phase;
	}

	public int currentIteration() {
		return this.currentIteration;
	}

	public int trialsPlanned() {
		return this.trialsPlanned;
	}

	public int trialsDone() {
		return this.trialsDone;
	}

	/** The judge model's share of the usage, and its unreadable replies. */
	public JudgeTotals judgeTotals() {
		return new JudgeTotals(this.judgeCalls, this.judgeTokensIn, this.judgeTokensOut, this.judgeCostUsd,
				this.judgeUnparsed);
	}

	public long paidCalls() {
		return this.paidCalls;
	}

	public long cacheHits() {
		return this.cacheHits;
	}

	public long tokensIn() {
		return this.tokensIn;
	}

	public long tokensOut() {
		return this.tokensOut;
	}

	public BigDecimal costUsd() {
		return this.costUsd;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public @Nullable Instant startedAt() {
		return this.startedAt;
	}

	public @Nullable Instant finishedAt() {
		return this.finishedAt;
	}

}
