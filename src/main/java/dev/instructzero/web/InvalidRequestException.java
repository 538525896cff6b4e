package dev.instructzero.web;

import java.util.List;

/**
 * A request whose content breaks a rule that bean validation cannot express, naming the
 * bad fields; {@link ProblemHandler} answers it as a 400 problem listing them under
 * {@code errors}.
 */
public class InvalidRequestException extends RuntimeException {

	private final String detail;

	private final List<FieldViolation> violations;

	public InvalidRequestException(String detail, List<FieldViolation> violations) {
		super(detail);
		this.detail = detail;
		this.violations = List.copyOf(violations);
	}

	public static InvalidRequestException badField(String field, String message) {
		return new InvalidRequestException("Invalid request content.", List.of(new FieldViolation(field, message)));
	}

	/** What is wrong, in a sentence: the problem's {@code detail}. */
	public String detail() {
		return this.detail;
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

	/**
	 * The same kind of problem with another detail and violations, e.g. a job's problem
	 * restated for the study arm or the upload line it came from.
	 */
	public InvalidRequestException restated(String detail, List<FieldViolation> violations) {
		return new InvalidRequestException(detail, violations);
	}

}
