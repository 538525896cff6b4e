package dev.instructzero.evaluator;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Thread-safe running black-box usage and budget of one job. Before each paid call the
 * evaluator reserves the call's worst case (one call, a token upper bound, its cost); a
 * call whose reservation does not fit next to the used and still-reserved amounts is
 * refused with {@link BudgetExhaustedException}, so concurrent calls never go past a
 * budget. After the call the reservation is replaced by the usage the server reported.
 * Start a job with {@link #start}, resume one from its persisted counters with
 * {@link #resume}, and persist {@link #totals()} after each evaluation.
 * <p>
 * Guarded by a {@link ReentrantLock} rather than a monitor: the jobs' calls run on
 * virtual threads, and on JDK 21 a virtual thread waiting in {@code Object.wait()} pins
 * its carrier thread (JEP 491 lifts this only from JDK 24).
 */
public final class JobUsage {

	private final UUID jobId;

	private final JobBudget budget;

	private final BooleanSupplier cancelled;

	private long paidCalls;

	private long cacheHits;

	private long tokensIn;

	private long tokensOut;

	private BigDecimal costUsd;

	private JudgeTotals judge = JudgeTotals.ZERO;

	private long reservedCalls;

	private long reservedTokens;

	private BigDecimal reservedCostUsd = BigDecimal.ZERO;

	private final ReentrantLock lock = new ReentrantLock();

	/** Signalled whenever a reservation is given back. */
	private final Condition released = this.lock.newCondition();

	private JobUsage(UUID jobId, JobBudget budget, UsageTotals totals, BooleanSupplier cancelled) {

		this.jobId = jobId;
		this.cancelled = cancelled;
		this.budget = (budget != null) ? budget : JobBudget.unlimited();
		if (this.budget.hasNegativeSpendingLimit()) {
			throw new IllegalArgumentException("budgets cannot be negative");
		}
		this.paidCalls = totals.paidCalls();
		this.cacheHits = totals.cacheHits();
		this.tokensIn = totals.tokensIn();
		this.tokensOut = totals.tokensOut();
		this.costUsd = totals.costUsd();
	}

	/**
	 * Usage of a new job; {@code jobId} may be {@code null} (recorded with cached calls).
	 */
	public static JobUsage start(UUID jobId, JobBudget budget) {
		return new JobUsage(jobId, budget, UsageTotals.ZERO, () -> false);
	}

	/** Usage of a resumed job, continuing from its persisted totals. */
	public static JobUsage resume(UUID jobId, JobBudget budget, UsageTotals persisted) {
		return new JobUsage(jobId, budget, persisted, () -> false);
	}

	/**
	 * Usage of a resumed job whose paid calls stop once {@code cancelled} answers true:
	 * the evaluator asks it before every paid call and then raises
	 * {@link CallsCancelledException}.
	 */
	public static JobUsage resume(UUID jobId, JobBudget budget, UsageTotals persisted, BooleanSupplier cancelled) {
		return new JobUsage(jobId, budget, persisted, cancelled);
	}

	/** Whether the job was asked to stop paying for calls. */
	boolean cancelRequested() {
		return this.cancelled.getAsBoolean();
	}

	/**
	 * Continues counting a job's usage from its persisted totals, with the judge's share.
	 */
	public static JobUsage resume(UUID jobId, JobBudget budget, UsageTotals persisted, JudgeTotals judge) {
		return resume(jobId, budget, persisted, judge, () -> false);
	}

	/**
	 * Usage of a resumed job with its judge totals, whose paid calls stop once
	 * {@code cancelled} answers true.
	 */
	public static JobUsage resume(UUID jobId, JobBudget budget, UsageTotals persisted, JudgeTotals judge,
			BooleanSupplier cancelled) {
		JobUsage usage = new JobUsage(jobId, budget, persisted, cancelled);
		usage.judge = judge;
		return usage;
	}

	/** The judge model's share of the totals so far. */
	public JudgeTotals judgeTotals() {
		this.lock.lock();
		try {
			return this.judge;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Counts a paid judge call, already settled as a paid call. */
	void recordJudgeCall(long in, long out, BigDecimal cost) {
		this.lock.lock();
		try {
			this.judge = new JudgeTotals(this.judge.calls() + 1, this.judge.tokensIn() + in,
					this.judge.tokensOut() + out, this.judge.costUsd().add(cost), this.judge.unparsed());
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Counts an answer scored 0 because the judge's replies could not be read. */
	void recordJudgeUnparsed() {
		this.lock.lock();
		try {
			this.judge = new JudgeTotals(this.judge.calls(), this.judge.tokensIn(), this.judge.tokensOut(),
					this.judge.costUsd(), this.judge.unparsed() + 1);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The job these counters belong to, or {@code null}. */
	public UUID jobId() {
		return this.jobId;
	}

	/**
	 * The budget this usage is checked against (its spending limits; maxTrials is the
	 * engine's).
	 */
	public JobBudget budget() {
		return this.budget;
	}

	/** Current totals (reservations of calls under way excluded). */
	public UsageTotals totals() {
		this.lock.lock();
		try {
			return new UsageTotals(this.paidCalls, this.cacheHits, this.tokensIn, this.tokensOut, this.costUsd);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The budget already used up, so that not even the smallest paid call fits; empty
	 * while calls are still possible. The job engine may check this before generating
	 * more instructions.
	 */
	public Optional<BudgetLimit> exhausted() {
		this.lock.lock();
		try {
			return Optional.ofNullable(exhaustedLimit());
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable BudgetLimit exhaustedLimit() {
		if (this.budget.maxBlackBoxCalls() != null && this.paidCalls >= this.budget.maxBlackBoxCalls()) {
			return BudgetLimit.CALLS;
		}
		if (this.budget.maxTokens() != null && this.tokensIn + this.tokensOut >= this.budget.maxTokens()) {
			return BudgetLimit.TOKENS;
		}
		if (this.budget.maxCostUsd() != null && this.costUsd.compareTo(this.budget.maxCostUsd()) >= 0) {
			return BudgetLimit.COST;
		}
		return null;
	}

	/**
	 * Reserves the worst case of one paid call. When the call fits the budget but not
	 * next to the reservations of calls still under way, waits for them to settle: so the
	 * job stops exactly where the next call could go past a budget, however many calls
	 * run at once.
	 * @param tokenUpperBound most prompt plus completion tokens the call can use
	 * @param costUpperBoundUsd the cost of that many tokens
	 * @return the reservation, to {@link #settle} or {@link #release}
	 * @throws BudgetExhaustedException if the call might go past a budget
	 * @throws InterruptedException if interrupted while waiting
	 */
	Reservation reserve(long tokenUpperBound, BigDecimal costUpperBoundUsd) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			while (true) {
				BudgetLimit overBudget = limitPassedBy(1, tokenUpperBound, costUpperBoundUsd, false);
				if (overBudget != null) {
					throw new BudgetExhaustedException(overBudget, totals());
				}
				if (limitPassedBy(1, tokenUpperBound, costUpperBoundUsd, true) == null) {
					break;
				}
				this.released.await();
			}
			this.reservedCalls++;
			this.reservedTokens += tokenUpperBound;
			this.reservedCostUsd = this.reservedCostUsd.add(costUpperBoundUsd);
			return new Reservation(tokenUpperBound, costUpperBoundUsd);
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable BudgetLimit limitPassedBy(long calls, long tokens, BigDecimal costUsd, boolean withReservations) {
		Long maxCalls = this.budget.maxBlackBoxCalls();
		long reservedCalls = withReservations ? this.reservedCalls : 0;
		if (maxCalls != null && this.paidCalls + reservedCalls + calls > maxCalls) {
			return BudgetLimit.CALLS;
		}
		Long maxTokens = this.budget.maxTokens();
		long reservedTokens = withReservations ? this.reservedTokens : 0;
		if (maxTokens != null && this.tokensIn + this.tokensOut + reservedTokens + tokens > maxTokens) {
			return BudgetLimit.TOKENS;
		}
		BigDecimal maxCost = this.budget.maxCostUsd();
		BigDecimal reservedCost = withReservations ? this.reservedCostUsd : BigDecimal.ZERO;
		if (maxCost != null && this.costUsd.add(reservedCost).add(costUsd).compareTo(maxCost) > 0) {
			return BudgetLimit.COST;
		}
		return null;
	}

	/** Replaces a reservation by the usage of the completed call. */
	void settle(Reservation reservation, long in, long out, BigDecimal cost) {
		this.lock.lock();
		try {
			// usage first, then the wake-up: a waiter must see the call as paid
			this.paidCalls++;
			this.tokensIn += in;
			this.tokensOut += out;
			this.costUsd = this.costUsd.add(cost);
			release(reservation);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Gives back a reservation of a call that was not completed. */
	void release(Reservation reservation) {
		this.lock.lock();
		try {
			this.reservedCalls--;
			this.reservedTokens -= reservation.tokens();
			this.reservedCostUsd = this.reservedCostUsd.subtract(reservation.costUsd());
			this.released.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Counts an answer served from the cache. */
	void recordCacheHit() {
		this.lock.lock();
		try {
			this.cacheHits++;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The worst case of one paid call, held while it is under way. */
	record Reservation(long tokens, BigDecimal costUsd) {
	}

	@Override
	public String toString() {
		return "JobUsage" + totals();
	}

}
