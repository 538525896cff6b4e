package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelRateLimiterTest {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	@Test
	void requestsBeyondTheMinutesAllowanceWaitForTheRefill() {
		ModelRateLimiter limiter = new ModelRateLimiter(new EvaluatorProperties.RateLimit(2, 0), this.now::get);

		assertThat(limiter.acquire(0)).isZero();
		assertThat(limiter.acquire(0)).isZero();
		assertThat(limiter.acquire(0)).isEqualTo(Duration.ofSeconds(30));
		assertThat(limiter.acquire(0)).isEqualTo(Duration.ofSeconds(60));

		this.now.addAndGet(Duration.ofSeconds(60).toNanos());
		assertThat(limiter.acquire(0)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void tokensPerMinuteCountTheEstimatedTokens() {
		ModelRateLimiter limiter = new ModelRateLimiter(new EvaluatorProperties.RateLimit(0, 600), this.now::get);

		assertThat(limiter.acquire(500)).isZero();
		assertThat(limiter.acquire(200)).isEqualTo(Duration.ofSeconds(10));
		// a request larger than the allowance still gets through, after a longer wait
		assertThat(limiter.acquire(1200)).isEqualTo(Duration.ofSeconds(130));
	}

	@Test
	void anUnconfiguredLimitLimitsNothing() {
		assertThat(new ModelRateLimiter(EvaluatorProperties.RateLimit.UNLIMITED, this.now::get).isLimited()).isFalse();
	}

}
