package dev.instructzero.evaluator;

import java.util.List;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@TestPropertySource(properties = "instructzero.evaluator.cache.retention=7d")
class CacheRetentionTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	BlackBoxCacheRetention retention;

	void entry(String key, int daysAgo) {
		this.jdbc.update("""
				insert into black_box_call (cache_key, model, max_tokens, prompt, response, created_at, last_used_at)
				values (?, 'gpt-test', 16, 'p', 'r', now() - make_interval(days => ?), now() - make_interval(days => ?))
				""", key, daysAgo, daysAgo);
	}

	@Test
	void removesOnlyEntriesUnusedForLongerThanTheRetention() {
		entry("old-unused", 10);
		entry("old-but-served-again", 10);
		entry("recent", 2);
		// a cache hit (the evaluator bumps the counter) counts as a use
		this.jdbc.update("update black_box_call set hits = hits + 1 where cache_key = 'old-but-served-again'");

		assertThat(this.retention.removeUnused()).isEqualTo(1);

		List<String> kept = this.jdbc.queryForList("select cache_key from black_box_call order by cache_key",
				String.class);
		assertThat(kept).containsExactly("old-but-served-again", "recent");
		assertThat(this.retention.removeUnused()).isZero();
	}

}
