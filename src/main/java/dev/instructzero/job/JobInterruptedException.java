package dev.instructzero.job;

/**
 * The worker running a job is stopping (shutdown, redeploy). The job is left RUNNING so
 * that JobRunr hands it to another worker, which resumes it from its persisted trials.
 */
class JobInterruptedException extends RuntimeException {

	JobInterruptedException(String message, Throwable cause) {
		super(message, cause);
	}

}
