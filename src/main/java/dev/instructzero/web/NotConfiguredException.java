package dev.instructzero.web;

import java.util.List;

/**
 * A well-formed request that needs a component this service is not configured with (a
 * generator, the black box); the violations name the missing settings.
 * {@link ProblemHandler} answers it as a 422 problem.
 */
public class NotConfiguredException extends InvalidRequestException {

	public NotConfiguredException(String detail, List<FieldViolation> missing) {
		super(detail, missing);
	}

	@Override
	public NotConfiguredException restated(String detail, List<FieldViolation> violations) {
		return new NotConfiguredException(detail, violations);
	}

}
