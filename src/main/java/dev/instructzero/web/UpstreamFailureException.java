package dev.instructzero.web;

/**
 * A model endpoint that the request needed failed after its retries;
 * {@link ProblemHandler} answers it as a 502 problem.
 */
public class UpstreamFailureException extends RuntimeException {

	public UpstreamFailureException(String detail, Throwable cause) {
		super(detail, cause);
	}

}
