package dev.instructzero.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as an RFC 9457 {@code application/problem+json} document; bad
 * input lists each bad field under {@code errors} as {@code {"field", "message"}}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalidRequest(InvalidRequestException ex) {
		return problem(HttpStatus.BAD_REQUEST, ex.detail(), ex.violations());
	}

	@ExceptionHandler(NotConfiguredException.class)
	ProblemDetail notConfigured(NotConfiguredException ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, ex.detail(), ex.violations());
	}

	@ExceptionHandler(QuotaExceededException.class)
	ProblemDetail quotaExceeded(QuotaExceededException ex) {
		return problem(HttpStatus.TOO_MANY_REQUESTS, ex.detail(), ex.violations());
	}

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(ConflictException.class)
	ProblemDetail conflict(ConflictException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler(OverloadedException.class)
	ProblemDetail overloaded(OverloadedException ex) {
		return ProblemDetail.forStatusAndDetail(
				ex.shuttingDown() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
	}

	@ExceptionHandler(UpstreamFailureException.class)
	ProblemDetail upstreamFailure(UpstreamFailureException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		String expected = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "another type";
		String message = "'" + ex.getValue() + "' is not a valid " + ("UUID".equals(expected) ? "UUID" : expected);
		return problem(HttpStatus.BAD_REQUEST, "Invalid request parameter.",
				List.of(new FieldViolation(ex.getName(), message)));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			violations.add(new FieldViolation(error.getField(), error.getDefaultMessage()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> violations.add(new FieldViolation(error.getObjectName(), error.getDefaultMessage())));
		violations.sort(Comparator.comparing(FieldViolation::field));
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "Invalid request content.", violations));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getCause();
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof RequestBodyLimitFilter.BodyTooLargeException tooLarge) {
				return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
					.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
			}
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return ResponseEntity.badRequest()
				.body(problem(HttpStatus.BAD_REQUEST, "Unknown field in request body.",
						List.of(new FieldViolation(path(unknown), JsonErrors.message(unknown)))));
		}
		if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			return ResponseEntity.badRequest()
				.body(problem(HttpStatus.BAD_REQUEST, "Malformed request body.",
						List.of(new FieldViolation(path(jackson), JsonErrors.message(jackson)))));
		}
		String detail = (cause instanceof JacksonException jackson) ? "Malformed JSON: " + jackson.getOriginalMessage()
				: "Request body is missing or not readable.";
		return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail));
	}

	/** JSON path of the failing value, e.g. {@code task.examples[2].outputs}. */
	static String path(JacksonException ex) {
		String path = JsonErrors.path(ex);
		return path.isEmpty() ? "body" : path;
	}

	private static ProblemDetail problem(HttpStatus status, String detail, List<FieldViolation> violations) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty("errors", violations);
		return problem;
	}

}
