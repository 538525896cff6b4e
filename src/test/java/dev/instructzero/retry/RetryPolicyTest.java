package dev.instructzero.retry;

import java.time.Duration;
import java.time.Instant;

import dev.instructzero.retry.RetryPolicy.LongRetryAfter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

}
