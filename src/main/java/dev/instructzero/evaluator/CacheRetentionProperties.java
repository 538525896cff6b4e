package dev.instructzero.evaluator;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention of the black-box call cache ({@code instructzero.evaluator.cache.*}).
 *
 * @param retention entries neither written nor served for this long are removed; null
 * (the default) keeps every entry
 * @param cleanupInterval how often each replica removes them
 */
@ConfigurationProperties("instructzero.evaluator.cache")
record CacheRetentionProperties(@Nullable Duration retention, @DefaultValue("1h") Duration cleanupInterval) {

	public CacheRetentionProperties {
		if (retention != null && (retention.isNegative() || retention.isZero())) {
			throw new IllegalArgumentException("instructzero.evaluator.cache.retention must be positive");
		}
	}

}
