package dev.instructzero.evaluator;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes black-box cache entries unused for longer than the configured retention,
 * through the cache's repository (the evaluator's one data-access style, JdbcClient). One
 * DELETE statement, so replicas running it at the same time remove each entry once and
 * never half of a decision; a job that needs a removed answer pays for it again.
 */
@Component
class BlackBoxCacheRetention {

	private static final Logger log = LoggerFactory.getLogger(BlackBoxCacheRetention.class);

	private final CacheRetentionProperties properties;

	private final BlackBoxCallRepository cache;

	private final Clock clock;

	BlackBoxCacheRetention(CacheRetentionProperties properties, BlackBoxCallRepository cache, Clock clock) {
		this.properties = properties;
		this.cache = cache;
		this.clock = clock;
	}

	/** Removes the entries last used before the retention; the number removed. */
	@Scheduled(initialDelayString = "${instructzero.evaluator.cache.cleanup-interval:1h}",
			fixedDelayString = "${instructzero.evaluator.cache.cleanup-interval:1h}")
	int removeUnused() {
		if (this.properties.retention() == null) {
			return 0;
		}
		int removed = this.cache.removeUnusedSince(this.clock.instant().minus(this.properties.retention()));
		if (removed > 0) {
			log.info("Removed {} black-box cache entries unused for {}", removed, this.properties.retention());
		}
		return removed;
	}

}
