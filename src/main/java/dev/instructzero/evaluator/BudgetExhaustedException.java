package dev.instructzero.evaluator;

/**
 * A paid black-box call would have gone past one of the job's budgets, so it was not
 * made. Calls already under way complete and are accounted (and cached) first. The job
 * should stop with reason {@code BUDGET}, keeping the best instruction scored so far; the
 * evaluation that hit the limit has no score.
 */
public class BudgetExhaustedException extends RuntimeException {

	private final BudgetLimit limit;

	private final UsageTotals totals;

	public BudgetExhaustedException(BudgetLimit limit, UsageTotals totals) {
		super("black-box budget exhausted (" + limit.name().toLowerCase(java.util.Locale.ROOT) + "): " + totals);
		this.limit = limit;
		this.totals = totals;
	}

	/** The budget that was reached. */
	public BudgetLimit limit() {
		return this.limit;
	}

	/** The job's usage when the call was refused. */
	public UsageTotals totals() {
		return this.totals;
	}

}
