package dev.instructzero.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
		List<String> properties = new ArrayList<>(stubs.properties());
		// the stub model has hidden 8 in F32, 32 bytes per token: 64 KB is about 2000
		// tokens
		properties.add("--instructzero.jobs.max-prompt-embeds-bytes=64KB");
		properties.add("--instructzero.jobs.max-gp-points=300");
		service = RunningService.start(TestDatabase.freshDatabaseUrl("engine_resilience"), properties);
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

	@Test
	void refusesPromptEmbeddingsAboveTheConfiguredSize() {
		String longWord = "x".repeat(3900);
		StringBuilder examples = new StringBuilder();
		for (int i = 0; i < 6; i++) {
			examples.append((i > 0) ? "," : "")
				.append("{\"input\": \"")
				.append(longWord)
				.append(i)
				.append("\", \"output\": \"y\"}");
		}
		String task = "{\"name\": \"long\", \"metric\": \"exact_match\", \"examples\": [" + examples + "]}";
		long jobs = count("job");
		long tasks = count("task");
		JsonNode problem = service.post("/jobs", "{\"task\": " + task + ", \"settings\": {\"exemplars\": 5}}", 400);
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("settings.exemplars");
		assertThat(problem.path("errors").get(0).path("message").asString()).contains("max-prompt-embeds-bytes");
		assertThat(count("job")).isEqualTo(jobs);
		assertThat(count("task")).isEqualTo(tasks);
	}

	@Test
	void refusesAGaussianProcessOverMoreThanTheConfiguredPoints() {
		JsonNode problem = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(8, 0, 900)
				+ ", \"settings\": {\"initialTrials\": 101, \"batchSize\": 20, \"iterations\": 10}}", 400);
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("settings");
		assertThat(problem.path("errors").get(0).path("message").asString()).contains("max-gp-points").contains("301");
	}

	private static long count(String table) {
		return service.context()
			.getBean(JdbcTemplate.class)
			.queryForObject("select count(*) from " + table, Long.class);
	}

}
