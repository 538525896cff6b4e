package dev.instructzero.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.instructzero.retry.RetryPolicy.LongRetryAfter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RetryPolicyTest {

	private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

	@Test
	void readsDeltaSecondsIncludingAFraction() {
		assertThat(RetryPolicy.parseRetryAfter("7", NOW)).isEqualTo(Duration.ofSeconds(7));
		assertThat(RetryPolicy.parseRetryAfter(" 0 ", NOW)).isEqualTo(Duration.ZERO);
		assertThat(RetryPolicy.parseRetryAfter("1.5", NOW)).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void readsAnHttpDateAsTheWaitUntilIt() {
		assertThat(RetryPolicy.parseRetryAfter("Thu, 03 Dec 2026 08:00:42 GMT", NOW)).isEqualTo(Duration.ofSeconds(42));
	}

	@Test
	void aPastHttpDateWaitsZero() {
		assertThat(RetryPolicy.parseRetryAfter("Thu, 03 Dec 2026 07:59:00 GMT", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void ignoresGarbageAndNegativeNumbersSoThatTheCallerBacksOff() {
		for (String value : new String[] { "soon", "-5", "NaN", "Infinity", "0x10", "1e3", "", "   ",
				"2026-12-03T08:00:42Z" }) {
			assertThat(RetryPolicy.parseRetryAfter(value, NOW)).as(value).isNull();
		}
		assertThat(RetryPolicy.parseRetryAfter(null, NOW)).isNull();
	}

	@Test
	void capsAnAbsurdlyLongDeltaInsteadOfOverflowing() {
		assertThat(RetryPolicy.parseRetryAfter("99999999999999999999999", NOW))
			.isEqualTo(Duration.ofSeconds(1_000_000_000L));
	}

	@Test
	void cutsALongRetryAfterToTheCapWhenCapping() {
		RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), false,
				Duration.ofSeconds(30), LongRetryAfter.CAP);
		assertThat(policy.waitAfter(1, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
		assertThat(policy.waitAfter(1, Duration.ofSeconds(31))).isEqualTo(Duration.ofSeconds(30));
		assertThat(policy.waitAfter(1, RetryPolicy.parseRetryAfter("99999999999999999999999", NOW)))
			.isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void givesUpOnALongRetryAfterWhenToldTo() {
		RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), true,
				Duration.ofSeconds(120), LongRetryAfter.GIVE_UP);
		assertThat(policy.waitAfter(1, Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
		assertThat(policy.waitAfter(1, Duration.ofSeconds(121))).isNull();
	}

	@Test
	void backsOffExponentiallyUpToTheCapWithoutJitter() {
		RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(10), 3.0, Duration.ofMillis(200), false,
				Duration.ofMillis(200), LongRetryAfter.CAP);
		assertThat(policy.waitAfter(1, null)).isEqualTo(Duration.ofMillis(10));
		assertThat(policy.waitAfter(2, null)).isEqualTo(Duration.ofMillis(30));
		assertThat(policy.waitAfter(3, null)).isEqualTo(Duration.ofMillis(90));
		assertThat(policy.waitAfter(4, null)).isEqualTo(Duration.ofMillis(200));
		assertThat(policy.waitAfter(9, null)).isEqualTo(Duration.ofMillis(200));
	}

	@Test
	void jittersWithinTheUpperHalfOfTheBackoff() {
		RetryPolicy policy = new RetryPolicy(100, Duration.ofMillis(100), 2.0, Duration.ofMillis(1000), true,
				Duration.ofSeconds(1), LongRetryAfter.GIVE_UP);
		boolean varied = false;
		Duration first = policy.waitAfter(3, null);
		for (int i = 0; i < 200; i++) {
			Duration wait = policy.waitAfter(3, null);
			assertThat(wait).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
			varied |= !wait.equals(first);
			assertThat(policy.waitAfter(50, null)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
		}
		assertThat(varied).isTrue();
	}

	@Test
	void makesNoAttemptBeyondTheLast() {
		RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), 2.0, Duration.ofMillis(100), false,
				Duration.ofMillis(100), LongRetryAfter.CAP);
		assertThat(policy.waitAfter(2, null)).isNotNull();
		assertThat(policy.waitAfter(3, null)).isNull();
		assertThat(policy.waitAfter(3, Duration.ofMillis(1))).isNull();
	}

	@Test
	void refusesASettingThatCannotRetry() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new RetryPolicy(0, Duration.ZERO, 2.0, Duration.ZERO, false, Duration.ZERO, LongRetryAfter.CAP));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new RetryPolicy(1, Duration.ZERO, 0.5, Duration.ZERO, false, Duration.ZERO, LongRetryAfter.CAP));
	}

	private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofMillis(10), 2.0,
			Duration.ofMillis(100), false, Duration.ofSeconds(1), LongRetryAfter.GIVE_UP);

	/** Records what the loop tells its caller. */
	private static final class RecordingHandler implements RetryPolicy.Handler {

		final List<String> events = new ArrayList<>();

		@Override
		public void beforeRetry(int attempt, RetryableFailure failure, Duration wait) {
			this.events.add("retry " + attempt + " " + failure.reason() + " " + wait.toMillis());
		}

		@Override
		public RuntimeException gaveUp(int attempts, RetryableFailure last) {
			this.events.add("gave up " + attempts + " " + last.reason());
			return new IllegalStateException("gave up after " + attempts, last);
		}

		@Override
		public RuntimeException interrupted(int attempt, InterruptedException ex) {
			this.events.add("interrupted " + attempt);
			return new IllegalStateException("interrupted", ex);
		}

	}

	@Test
	void callRetriesARetryableFailureWithBackoffOrTheServersWaitUntilItSucceeds() {
		List<Duration> slept = new ArrayList<>();
		RecordingHandler handler = new RecordingHandler();
		String result = THREE_ATTEMPTS.call((attempt) -> {
			if (attempt == 1) {
				throw new RetryableFailure("io", "reset", null, null);
			}
			if (attempt == 2) {
				throw new RetryableFailure("http_429", "busy", Duration.ofMillis(700), null);
			}
			return "ok on " + attempt;
		}, slept::add, handler);
		assertThat(result).isEqualTo("ok on 3");
		assertThat(slept).containsExactly(Duration.ofMillis(10), Duration.ofMillis(700));
		assertThat(handler.events).containsExactly("retry 1 io 10", "retry 2 http_429 700");
	}

	@Test
	void callGivesUpAfterTheLastAttemptWithTheCallersException() {
		List<Duration> slept = new ArrayList<>();
		RecordingHandler handler = new RecordingHandler();
		AtomicInteger attempts = new AtomicInteger();
		assertThatIllegalStateException().isThrownBy(() -> THREE_ATTEMPTS.call((attempt) -> {
			attempts.incrementAndGet();
			throw new RetryableFailure("http_503", "down", null, null);
		}, slept::add, handler)).withMessage("gave up after 3");
		assertThat(attempts).hasValue(3);
		assertThat(slept).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
		assertThat(handler.events).endsWith("gave up 3 http_503");
	}

	@Test
	void callGivesUpAtOnceOnARetryAfterBeyondTheLimitWhenToldTo() {
		RecordingHandler handler = new RecordingHandler();
		assertThatIllegalStateException().isThrownBy(() -> THREE_ATTEMPTS.call((attempt) -> {
			throw new RetryableFailure("http_429", "later", Duration.ofSeconds(5), null);
		}, (wait) -> {
			throw new AssertionError("must not wait");
		}, handler)).withMessage("gave up after 1");
		assertThat(handler.events).containsExactly("gave up 1 http_429");
	}

	@Test
	void callDoesNotRetryOtherFailures() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatIllegalArgumentException().isThrownBy(() -> THREE_ATTEMPTS.call((attempt) -> {
			attempts.incrementAndGet();
			throw new IllegalArgumentException("refused");
		}, (wait) -> {
			throw new AssertionError("must not wait");
		}, new RecordingHandler())).withMessage("refused");
		assertThat(attempts).hasValue(1);
	}

	@Test
	void callStopsWhenItsWaitIsInterruptedAndKeepsTheInterrupt() {
		RecordingHandler handler = new RecordingHandler();
		try {
			assertThatIllegalStateException().isThrownBy(() -> THREE_ATTEMPTS.call((attempt) -> {
				throw new RetryableFailure("io", "reset", null, null);
			}, (wait) -> {
				throw new InterruptedException();
			}, handler)).withMessage("interrupted");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(handler.events).containsExactly("retry 1 io 10", "interrupted 1");
		}
		finally {
			Thread.interrupted();
		}
	}

}
