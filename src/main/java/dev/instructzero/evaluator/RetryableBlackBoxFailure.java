package dev.instructzero.evaluator;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A failed attempt worth retrying (429, 408/409, 5xx, timeout, I/O), with the server's
 * Retry-After when it sent one.
 */
class RetryableBlackBoxFailure extends RuntimeException {

	private final String reason;

	private final @Nullable Duration retryAfter;

	/**
	 * @param reason short, low-cardinality cause for metrics, e.g. {@code http_429},
	 * {@code io}
	 */
	RetryableBlackBoxFailure(String reason, String message, @Nullable Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.retryAfter = retryAfter;
	}

	/** Short cause, e.g. {@code http_429} or {@code io}. */
	String reason() {
		return this.reason;
	}

	/** The server's requested wait, or {@code null}. */
	@Nullable Duration retryAfter() {
		return this.retryAfter;
	}

}
