package dev.instructzero.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A request whose content breaks a rule that bean validation cannot express; answered as
 * a problem with the given status (400 or 422) and the bad fields.
 */
public class InvalidRequestException extends RuntimeException {

	private final HttpStatus status;

	private final List<FieldViolation> violations;

	public InvalidRequestException(HttpStatus status, String detail, List<FieldViolation> violations) {
		super(detail);
		this.status = status;
		this.violations = List.copyOf(violations);
	}

	public static InvalidRequestException badField(String field, String message) {
		return new InvalidRequestException(HttpStatus.BAD_REQUEST, "Invalid request content.",
				List.of(new FieldViolation(field, message)));
	}

	public HttpStatus status() {
		return this.status;
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

}
