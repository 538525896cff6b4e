package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Requests-per-minute and tokens-per-minute limit of one model, as two token buckets that
 * hold a minute's allowance and refill continuously. A caller takes its share at once and
 * is told how long to wait when the bucket went into debt, so waiters are served in
 * arrival order and a single request larger than the allowance still gets through.
 */
final class ModelRateLimiter {

	private static final double NANOS_PER_MINUTE = 60e9;

	private final EvaluatorProperties.RateLimit limit;

	private final LongSupplier nanoTime;

	private double requests;

	private double tokens;

	private long refilledAt;

	/**
	 * A lock, not a monitor: callers are virtual threads (no carrier pinning on JDK 21).
	 */
	private final ReentrantLock lock = new ReentrantLock();

	ModelRateLimiter(EvaluatorProperties.RateLimit limit, LongSupplier nanoTime) {
		this.limit = limit;
		this.nanoTime = nanoTime;
		this.requests = limit.requestsPerMinute();
		this.tokens = limit.tokensPerMinute();
		this.refilledAt = nanoTime.getAsLong();
	}

	/** Whether this limiter limits anything. */
	boolean isLimited() {
		return this.limit.requestsPerMinute() > 0 || this.limit.tokensPerMinute() > 0;
	}

	/**
	 * Takes one request of {@code estimatedTokens} and returns how long to wait before
	 * sending it.
	 */
	Duration acquire(long estimatedTokens) {
		this.lock.lock();
		try {
			return take(estimatedTokens);
		}
		finally {
			this.lock.unlock();
		}
	}

	private Duration take(long estimatedTokens) {
		long now = this.nanoTime.getAsLong();
		double minutes = (now - this.refilledAt) / NANOS_PER_MINUTE;
		this.refilledAt = now;
		double waitNanos = 0;
		int rpm = this.limit.requestsPerMinute();
		if (rpm > 0) {
			this.requests = Math.min(rpm, this.requests + minutes * rpm) - 1;
			if (this.requests < 0) {
				waitNanos = Math.max(waitNanos, -this.requests / rpm * NANOS_PER_MINUTE);
			}
		}
		long tpm = this.limit.tokensPerMinute();
		if (tpm > 0) {
			this.tokens = Math.min(tpm, this.tokens + minutes * tpm) - estimatedTokens;
			if (this.tokens < 0) {
				waitNanos = Math.max(waitNanos, -this.tokens / tpm * NANOS_PER_MINUTE);
			}
		}
		return Duration.ofNanos((long) Math.ceil(waitNanos));
	}

}
