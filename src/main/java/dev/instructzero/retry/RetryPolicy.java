package dev.instructzero.retry;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Bounded retries of an outbound call, the one policy of every outbound client (the vLLM
 * client, the black-box evaluator, job callbacks): at most {@code maxAttempts} attempts;
 * between them the server's {@code Retry-After} if it sent one, else exponential backoff
 * {@code initialBackoff * multiplier^(attempt - 1)} capped at {@code maxBackoff}.
 * <p>
 * A {@code Retry-After} longer than {@code maxRetryAfter} is either cut to it
 * ({@link LongRetryAfter#CAP}) or makes the caller give up instead of stalling
 * ({@link LongRetryAfter#GIVE_UP}). With {@code jitter} the backoff is drawn uniformly
 * from its upper half, so that parallel calls do not retry in lockstep.
 * <p>
 * {@link #call} is the retry loop of the clients that retry in place (vLLM, the black
 * box); job callbacks retry from their outbox and only ask {@link #waitAfter} when the
 * next attempt is due.
 *
 * @param maxAttempts attempts in total, including the first; at least 1
 * @param initialBackoff wait after the first failed attempt (before jitter)
 * @param multiplier growth of the backoff per attempt; at least 1
 * @param maxBackoff cap of any backoff
 * @param jitter whether the backoff is drawn from [backoff / 2, backoff]
 * @param maxRetryAfter the longest {@code Retry-After} honoured as sent
 * @param longRetryAfter what a longer {@code Retry-After} does
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
		boolean jitter, Duration maxRetryAfter, LongRetryAfter longRetryAfter) {

	/** What a {@code Retry-After} longer than {@code maxRetryAfter} does. */
	public enum LongRetryAfter {

		/** Wait {@code maxRetryAfter} instead. */
		CAP,

		/** Make no further attempt. */
		GIVE_UP

	}

	// RFC 9110 delta-seconds are digits; a fraction is accepted as some servers send one
	private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");

	// beyond any sensible wait, and far from Duration's overflow
	private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(1_000_000_000L);

	public RetryPolicy {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
		}
		if (multiplier < 1) {
			throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
		}
	}

	/**
	 * The wait after failed attempt number {@code attempt} (1-based), or {@code null}
	 * when no further attempt should be made.
	 * @param retryAfter the server's {@code Retry-After} (see
	 * {@link #parseRetryAfter(String, Instant)}), or {@code null} for backoff
	 */
	public @Nullable Duration waitAfter(int attempt, @Nullable Duration retryAfter) {
		if (attempt >= this.maxAttempts) {
			return null;
		}
		if (retryAfter != null) {
			if (retryAfter.compareTo(this.maxRetryAfter) <= 0) {
				return retryAfter;
			}
			return (this.longRetryAfter == LongRetryAfter.CAP) ? this.maxRetryAfter : null;
		}
		return backoff(attempt);
	}

	/**
	 * Runs {@code attempt} until it succeeds, fails with something other than a
	 * {@link RetryableFailure}, or this policy makes no further attempt; waits between
	 * attempts with {@code sleeper}.
	 * @param attempt one attempt, given its 1-based number
	 * @param sleeper how to wait
	 * @param handler what to do before a retry and what to throw when giving up
	 * @return the first successful attempt's result
	 * @throws RuntimeException {@link Handler#gaveUp} when the attempts or the
	 * {@code Retry-After} allow no further attempt, {@link Handler#interrupted} when a
	 * wait is interrupted, or what {@code attempt} threw other than a
	 * {@link RetryableFailure}
	 */
	public <T> T call(Attempt<T> attempt, Sleeper sleeper, Handler handler) {
		for (int number = 1;; number++) {
			RetryableFailure failure;
			try {
				return attempt.run(number);
			}
			catch (RetryableFailure ex) {
				failure = ex;
			}
			Duration wait = waitAfter(number, failure.retryAfter());
			if (wait == null) {
				throw handler.gaveUp(number, failure);
			}
			handler.beforeRetry(number, failure, wait);
			try {
				sleeper.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw handler.interrupted(number, ex);
			}
		}
	}

	/**
	 * One attempt of an outbound call.
	 *
	 * @param <T> the call's result
	 */
	@FunctionalInterface
	public interface Attempt<T> {

		/**
		 * @param number 1 for the first attempt
		 * @throws RetryableFailure when another attempt may succeed
		 */
		T run(int number);

	}

	/** The caller's part of {@link #call}: its logs, metrics and exceptions. */
	public interface Handler {

		/** Called before waiting {@code wait} after failed attempt {@code attempt}. */
		default void beforeRetry(int attempt, RetryableFailure failure, Duration wait) {
		}

		/**
		 * The exception to throw when no attempt follows attempt {@code attempts}, whose
		 * failure was {@code last}.
		 */
		RuntimeException gaveUp(int attempts, RetryableFailure last);

		/**
		 * The exception to throw when the wait after attempt {@code attempt} was
		 * interrupted; the thread's interrupt flag is already set again.
		 */
		RuntimeException interrupted(int attempt, InterruptedException ex);

	}

	private Duration backoff(int attempt) {
		double millis = this.initialBackoff.toMillis() * Math.pow(this.multiplier, attempt - 1);
		long capped = (long) Math.min(millis, this.maxBackoff.toMillis());
		if (!this.jitter) {
			return Duration.ofMillis(capped);
		}
		long half = capped / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
	}

	/**
	 * A {@code Retry-After} header value as a wait from {@code now}: delta-seconds
	 * (digits, optionally with a fraction; at most 10^9 s) or an HTTP date (RFC 1123; a
	 * past date waits zero).
	 * @return the wait, or {@code null} when the value is absent or neither form (a
	 * negative number, garbage), so that the caller backs off instead
	 */
	public static @Nullable Duration parseRetryAfter(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (SECONDS.matcher(trimmed).matches()) {
			BigDecimal seconds = new BigDecimal(trimmed).min(MAX_SECONDS);
			return Duration.ofMillis(seconds.movePointRight(3).longValue());
		}
		try {
			Duration untilDate = Duration.between(now,
					ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			return untilDate.isNegative() ? Duration.ZERO : untilDate;
		}
		catch (DateTimeParseException notDate) {
			return null;
		}
	}

}
