package dev.instructzero.evaluator;

import org.jspecify.annotations.Nullable;

import java.time.Duration;

import dev.instructzero.retry.RetryableFailure;

/**
 * A failed black-box attempt worth retrying (429, 408/409, 5xx, timeout, I/O), with the
 * Retry-After when the server sent one.
 */
class RetryableBlackBoxFailure extends RetryableFailure {

	/**
	 * @param reason short, low-cardinality cause for metrics, e.g. {@code http_429},
	 * {@code io}
	 */
	RetryableBlackBoxFailure(String reason, String message, @Nullable Duration retryAfter, Throwable cause) {
		super(reason, message, retryAfter, cause);
	}

}
