package dev.instructzero.job;

/** Why a job stopped: it ran its plan, reached a budget, or was cancelled. */
public enum StopReason {

	COMPLETED, BUDGET, CANCELLED

}
