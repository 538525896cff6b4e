package dev.instructzero.database;

import java.util.List;
import java.util.UUID;

import dev.instructzero.support.TestDatabase;
import dev.instructzero.trial.InstructionLength;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V11 backfills the instruction length of trials stored before it with the formula the
 * service uses for new ones, so old and new trials sit on one scale in the front.
 */
class FrontMigrationTest {

	static final List<String> INSTRUCTIONS = List.of("", "abcd", "abcde", "Give the antonym.", "反対語を書く",
			"Écris l'antonyme du mot donné, en un mot.");

	@Test
	void backfillsOlderTrialsWithTheServicesTokenEstimate() {
		DriverManagerDataSource data = TestDatabase.dataSource(TestDatabase.freshDatabaseUrl("v11_backfill"));
		Flyway.configure().dataSource(data).locations("classpath:db/migration").target("9").load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(data);
		UUID task = UUID.randomUUID();
		UUID job = UUID.randomUUID();
		jdbc.update("insert into task (id, name, metric, example_count, test_example_count) "
				+ "values (?, 't', 'exact_match', 2, 0)", task);
		jdbc.update("insert into job (id, task_id, strategy, black_box_model, settings, budget, seed, status, "
				+ "trials_planned) values (?, ?, 'ape', 'gpt', '{}', '{}', 1, 'SUCCEEDED', 6)", job, task);
		for (int i = 0; i < INSTRUCTIONS.size(); i++) {
			jdbc.update(
					"insert into trial (job_id, ordinal, iteration, origin, instruction, instruction_hash, "
							+ "dev_score, example_scores) values (?, ?, 0, 'baseline', ?, 'h', 0.5, '{0.5}')",
					job, i, INSTRUCTIONS.get(i));
		}

		Flyway.configure().dataSource(data).locations("classpath:db/migration").load().migrate();

		List<Integer> tokens = jdbc
			.queryForList("select instruction_tokens from trial where job_id = ? order by ordinal", Integer.class, job);
		assertThat(tokens).containsExactlyElementsOf(INSTRUCTIONS.stream().map(InstructionLength::tokens).toList());
		assertThat(tokens).containsExactly(0, 1, 2, 5, 5, 11);
		assertThat(jdbc.queryForObject("select count(*) from trial where job_id = ? and generator_model is null",
				Integer.class, job))
			.isEqualTo(INSTRUCTIONS.size());
	}

}
