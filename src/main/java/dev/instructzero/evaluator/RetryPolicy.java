package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries of a black-box call: at most {@code maxAttempts} attempts; between them
 * the server's Retry-After if it sent one (a Retry-After longer than
 * {@code maxRetryAfter} gives up instead of stalling the job), else exponential backoff
 * from {@code initialBackoff}, doubled per attempt, capped at {@code maxBackoff}, with
 * jitter in its upper half so that parallel calls do not retry in lockstep.
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

	static RetryPolicy of(EvaluatorProperties properties) {
		return new RetryPolicy(properties.maxAttempts(), properties.initialBackoff(), properties.maxBackoff(),
				properties.maxRetryAfter());
	}

	/**
	 * The wait after failed attempt number {@code attempt} (1-based), or {@code null}
	 * when no further attempt should be made.
	 */
	Duration waitAfter(int attempt, Duration retryAfter) {
		if (attempt >= this.maxAttempts) {
			return null;
		}
		if (retryAfter != null) {
			return (retryAfter.compareTo(this.maxRetryAfter) > 0) ? null : retryAfter;
		}
		long initial = Math.max(1, this.initialBackoff.toMillis());
		long exponential = initial << Math.min(attempt - 1, 20);
		long capped = Math.min(exponential, this.maxBackoff.toMillis());
		long half = capped / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
	}

}
