package dev.instructzero.evaluator;

/**
 * The black-box endpoint rejected the credentials (HTTP 401) or the permission (HTTP
 * 403). Never retried: the evaluation stops at the first such answer.
 */
public class BlackBoxAuthenticationException extends BlackBoxException {

	public BlackBoxAuthenticationException(String message, Throwable cause) {
		super(message, cause);
	}

}
