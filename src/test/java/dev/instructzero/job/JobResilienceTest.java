package dev.instructzero.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs keep working on hostile model output, and a replica refuses what would exhaust it.
 */
class JobResilienceTest {

	static final String SMALL = "\"settings\": {\"initialTrials\": 4, \"batchSize\": 2, \"iterations\": 1, \"seed\": 3}";

	@TempDir
	static Path dir;

	static StubLlms stubs;

	static RunningService service;

	@BeforeAll
	static void start() {
		stubs = StubLlms.start(dir);
		service = RunningService.start(TestDatabase.freshDatabaseUrl("engine_resilience"), stubs.properties());
	}

	@AfterEach
	void resetStubs() {
		stubs.blackBoxAnswerSuffix = "";
	}

	@AfterAll
	static void stop() {
		service.close();
		stubs.close();
	}

	@Test
	void storesAPaidAnswerHoldingNulCleanedAndPaysEachPairOnce() {
		stubs.blackBoxAnswerSuffix = "\u0000";
		int promptsBefore = stubs.blackBoxPrompts.size();
		int generatedBefore = stubs.generated.size();
		String id = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(24, 0, 500) + ", " + SMALL + "}", 202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));

		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		List<String> paid = stubs.blackBoxPrompts.subList(promptsBefore, stubs.blackBoxPrompts.size());
		long distinctInstructions = stubs.generated.subList(generatedBefore, stubs.generated.size())
			.stream()
			.distinct()
			.count();
		int devExamples = service.get("/jobs/" + id + "/trials?size=1")
			.path("content")
			.get(0)
			.path("exampleScores")
			.size();
		// one paid call per (instruction, example): the failed insert no longer makes
		// JobRunr pay again
		assertThat(paid).doesNotHaveDuplicates().hasSize((int) distinctInstructions * devExamples);
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(paid.size());
		JdbcTemplate jdbc = service.context().getBean(JdbcTemplate.class);
		List<String> stored = jdbc.queryForList("select response from black_box_call where first_job_id = ?::uuid",
				String.class, id);
		assertThat(stored).hasSize(paid.size())
			.allSatisfy((response) -> assertThat(response).matches("(anti|word)\\d+"));
	}

}
