package dev.instructzero.run;

/**
 * The worker running a job is stopping (shutdown, redeploy). The job is left RUNNING so
 * that JobRunr hands it to another worker, which resumes it from its persisted trials.
 */
public class JobInterruptedException extends RuntimeException {

	public JobInterruptedException(String message, Throwable cause) {
		super(message, cause);
	}

}
