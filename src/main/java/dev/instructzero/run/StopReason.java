package dev.instructzero.run;

/** Why a job stopped: it ran its plan, reached a budget, was cancelled, or converged. */
public enum StopReason {

	COMPLETED, BUDGET, CANCELLED,

	/**
	 * A budget-driven job whose best stopped improving and whose next proposal promised
	 * nothing.
	 */
	CONVERGED

}
