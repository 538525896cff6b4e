package dev.instructzero.retry;

import org.jspecify.annotations.Nullable;

import java.time.Duration;

/**
 * A failed attempt of an outbound call that is worth another one (429, 5xx, a timeout, a
 * dropped connection), with the wait the server asked for, if any. Thrown by an
 * {@link RetryPolicy.Attempt}; {@link RetryPolicy#call} catches it and retries or gives
 * up.
 */
public class RetryableFailure extends RuntimeException {

	private final String reason;

	private final @Nullable Duration retryAfter;

	/**
	 * @param reason short, low-cardinality cause for metrics and logs, e.g.
	 * {@code http_429}, {@code io}
	 * @param message what happened, for the give-up message
	 * @param retryAfter the server's requested wait
	 * ({@link RetryPolicy#parseRetryAfter}), or {@code null} for backoff
	 * @param cause the client's exception
	 */
	public RetryableFailure(String reason, String message, @Nullable Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.retryAfter = retryAfter;
	}

	/** Short cause, e.g. {@code http_429} or {@code io}. */
	public String reason() {
		return this.reason;
	}

	/** The server's requested wait, or {@code null}. */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

}
