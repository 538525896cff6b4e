package dev.instructzero.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A request the caller's quota does not allow: answered as a 429 problem whose
 * {@code errors} name the quota ({@code quota.<name>}).
 */
public class QuotaExceededException extends InvalidRequestException {

	public QuotaExceededException(String quota, String message) {
		super(HttpStatus.TOO_MANY_REQUESTS, "Quota '" + quota + "' exceeded: " + message,
				List.of(new FieldViolation("quota." + quota, message)));
	}

}
