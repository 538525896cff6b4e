package dev.instructzero.web;

/**
 * The request conflicts with the resource's current state; {@link ProblemHandler} answers
 * it as a 409 problem.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String detail) {
		super(detail);
	}

}
