package dev.instructzero.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.instructzero.retry.RetryPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callback deliveries are rescheduled on the outbound clients' retry policy: the
 * documented doubling from {@code initial-backoff} up to {@code max-backoff}, FAILED
 * after {@code max-attempts}, and a receiver's Retry-After (429, 503) up to
 * {@code max-backoff}.
 */
class CallbackScheduleTest {

	private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

	// the defaults: 8 attempts, 10 s doubling, capped at 10 min
	private final RetryPolicy defaults = new CallbackProperties(List.of(), Duration.ofSeconds(5), 8,
			Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(10))
		.retryPolicy();

	@Test
	void doublesFromTheInitialBackoffUpToTheCapAndFailsAfterTheLastAttempt() {
		assertThat(this.defaults.waitAfter(1, null)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.defaults.waitAfter(2, null)).isEqualTo(Duration.ofSeconds(20));
		assertThat(this.defaults.waitAfter(6, null)).isEqualTo(Duration.ofSeconds(320));
		assertThat(this.defaults.waitAfter(7, null)).isEqualTo(Duration.ofMinutes(10));
		assertThat(this.defaults.waitAfter(8, null)).isNull();
	}

	@Test
	void honoursAReceiversRetryAfterUpToTheCap() {
		assertThat(this.defaults.waitAfter(1, Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
		assertThat(this.defaults.waitAfter(1, Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(10));
		assertThat(this.defaults.waitAfter(8, Duration.ofSeconds(1))).isNull();
	}

	@Test
	void readsRetryAfterFrom429And503Only() {
		assertThat(JobCallbacks.retryAfter(failure(503, "30"), NOW)).isEqualTo(Duration.ofSeconds(30));
		assertThat(JobCallbacks.retryAfter(failure(429, "Thu, 03 Dec 2026 10:01:00 GMT"), NOW))
			.isEqualTo(Duration.ofMinutes(1));
		assertThat(JobCallbacks.retryAfter(failure(500, "30"), NOW)).isNull();
		assertThat(JobCallbacks.retryAfter(failure(503, "soon"), NOW)).isNull();
		assertThat(JobCallbacks.retryAfter(failure(503, null), NOW)).isNull();
		assertThat(JobCallbacks.retryAfter(new ResourceAccessException("connection refused"), NOW)).isNull();
	}

	private static RestClientResponseException failure(int status, String retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		if (retryAfter != null) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
		}
		return new RestClientResponseException("HTTP " + status, HttpStatusCode.valueOf(status), "", headers, null,
				null);
	}

}
