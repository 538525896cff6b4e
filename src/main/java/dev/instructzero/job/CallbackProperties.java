package dev.instructzero.job;

import java.time.Duration;
import java.util.List;

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
 * @param maxBackoff cap of the wait
 * @param timeout connect and read timeout of one attempt
 */
@Validated
@ConfigurationProperties("instructzero.callbacks")
public record CallbackProperties(@DefaultValue List<String> allowedHosts, @DefaultValue("5s") Duration pollInterval,
		@DefaultValue("8") @Min(1) int maxAttempts, @DefaultValue("10s") Duration initialBackoff,
		@DefaultValue("10m") Duration maxBackoff, @DefaultValue("10s") Duration timeout) {

	boolean allowsHost(String host) {
		return host != null && this.allowedHosts.stream().anyMatch((allowed) -> allowed.equalsIgnoreCase(host));
	}

	/** The wait after {@code failedAttempts} failures (1 = the first). */
	Duration backoffAfter(int failedAttempts) {
		Duration wait = this.initialBackoff.multipliedBy(1L << Math.min(failedAttempts - 1, 20));
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

}
