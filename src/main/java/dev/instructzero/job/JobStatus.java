package dev.instructzero.job;

/** Lifecycle of a job: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED. */
public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	public boolean isFinished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
