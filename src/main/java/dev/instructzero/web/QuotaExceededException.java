package dev.instructzero.web;

import java.util.List;

/**
 * A request the caller's quota does not allow, whose violation names the quota
 * ({@code quota.<name>}); {@link ProblemHandler} answers it as a 429 problem.
 */
public class QuotaExceededException extends InvalidRequestException {

	public QuotaExceededException(String quota, String message) {
		this("Quota '" + quota + "' exceeded: " + message, List.of(new FieldViolation("quota." + quota, message)));
	}

	private QuotaExceededException(String detail, List<FieldViolation> violations) {
		super(detail, violations);
	}

	@Override
	public QuotaExceededException restated(String detail, List<FieldViolation> violations) {
		return new QuotaExceededException(detail, violations);
	}

}
