package dev.instructzero.evaluator;

import org.jspecify.annotations.Nullable;

/**
 * An evaluation could not be completed because the black-box model failed: the endpoint
 * answered with a non-retryable error (400, 404, ...), or kept failing after the bounded
 * retries, or is not configured. The message is meant for the job's error message and
 * never contains the API key.
 */
public class BlackBoxException extends RuntimeException {

	public BlackBoxException(String message) {
		super(message);
	}

	public BlackBoxException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
