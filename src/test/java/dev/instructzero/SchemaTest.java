package dev.instructzero;

import java.util.List;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Flyway's schema has the tables and the indexes the queries rely on. */
@IntegrationTest
class SchemaTest {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void hasTheIndexesThatServeTheHotQueries() {
		List<String> indexes = this.jdbc.queryForList(
				"select indexdef from pg_indexes where schemaname = current_schema() and tablename in ('job', 'trial', 'black_box_call')",
				String.class);
		assertThat(indexes)
			.anyMatch((d) -> d.contains("trial_job_score_idx") && d.contains("(job_id, dev_score DESC, ordinal)"));
		assertThat(indexes)
			.anyMatch((d) -> d.contains("job_status_created_idx") && d.contains("(status, created_at DESC)"));
		assertThat(indexes).anyMatch((d) -> d.contains("black_box_call_pkey") && d.contains("(cache_key)"));
		assertThat(indexes).anyMatch((d) -> d.contains("trial_job_ordinal_uq") && d.contains("UNIQUE"));
	}

	@Test
	void storesSoftPromptsAndScoresAsFloat8Arrays() {
		List<String> types = this.jdbc.queryForList(
				"select data_type || ':' || udt_name from information_schema.columns where table_name = 'trial' and column_name in ('soft_prompt', 'example_scores')",
				String.class);
		assertThat(types).containsOnly("ARRAY:_float8").hasSize(2);
		assertThat(this.jdbc.queryForObject(
				"select data_type from information_schema.columns where table_name = 'job' and column_name = 'settings'",
				String.class))
			.isEqualTo("jsonb");
	}

}
