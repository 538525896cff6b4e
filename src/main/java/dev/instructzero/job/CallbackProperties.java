package dev.instructzero.job;

import java.time.Duration;
import java.util.List;

import dev.instructzero.retry.RetryPolicy;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Job callbacks ({@code instructzero.callbacks.*}).
 *
 * @param allowedHosts host names (exact, case-insensitive) a job's {@code callbackUrl}
 * may point to; empty = callbacks refused
 * @param pollInterval how often each replica looks for due deliveries
 * @param maxAttempts deliveries tried before the callback is FAILED
 * @param initialBackoff wait after the first failed attempt, doubled after each
 * @param maxBackoff cap of the wait, and of a receiver's {@code Retry-After} (429, 503)
 * @param timeout connect and read timeout of one attempt
 */
@Validated
@ConfigurationProperties("instructzero.callbacks")
record CallbackProperties(@DefaultValue List<String> allowedHosts, @DefaultValue("5s") Duration pollInterval,
		@DefaultValue("8") @Min(1) int maxAttempts, @DefaultValue("10s") Duration initialBackoff,
		@DefaultValue("10m") Duration maxBackoff, @DefaultValue("10s") Duration timeout) {

	boolean allowsHost(String host) {
		return host != null && this.allowedHosts.stream().anyMatch((allowed) -> allowed.equalsIgnoreCase(host));
	}

	/**
	 * The delivery schedule, on the policy every outbound client uses:
	 * {@code maxAttempts} attempts, the wait doubling from {@code initialBackoff} up to
	 * {@code maxBackoff}, without jitter; a receiver's {@code Retry-After} is honoured up
	 * to {@code maxBackoff}.
	 */
	RetryPolicy retryPolicy() {
		return new RetryPolicy(this.maxAttempts, this.initialBackoff, 2.0, this.maxBackoff, false, this.maxBackoff,
				RetryPolicy.LongRetryAfter.CAP);
	}

}
