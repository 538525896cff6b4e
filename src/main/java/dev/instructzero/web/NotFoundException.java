package dev.instructzero.web;

/**
 * The addressed resource does not exist (or is another client's); {@link ProblemHandler}
 * answers it as a 404 problem.
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String detail) {
		super(detail);
	}

}
