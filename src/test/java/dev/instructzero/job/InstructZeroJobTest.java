package dev.instructzero.job;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The InstructZero loop end to end through the REST API, on stub vLLM and OpenAI servers
 * where only one region of soft-prompt space yields the instruction the black box answers
 * correctly.
 */
class InstructZeroJobTest {

	@TempDir
	static Path dir;

	static StubLlms stubs;

	static RunningService service;

	@BeforeAll
	static void start() {
		stubs = StubLlms.start(dir);
		service = RunningService.start(TestDatabase.freshDatabaseUrl("engine_e2e"), stubs.properties());
	}

	@AfterAll
	static void stop() {
		service.close();
		stubs.close();
	}

	@Test
	void findsTheBestInstructionWithThePapersBudgetAndPaysEachPairOnce() throws Exception {
		JsonNode created = service.post("/jobs",
				"{\"task\": " + StubLlms.taskJson(60, 10) + ", \"settings\": {\"seed\": 11}}", 202);
		String id = created.path("id").asString();
		CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> readEvents(id, 6));

		JsonNode job = awaitFinished(id, Duration.ofMinutes(5));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("stopReason").asString()).isEqualTo("COMPLETED");
		assertThat(job.path("progress").path("trialsDone").asInt()).isEqualTo(150);

		JsonNode trials = service.get("/jobs/" + id + "/trials?size=500&sort=ordinal,asc");
		assertThat(trials.path("page").path("totalElements").asInt()).isEqualTo(150);
		Set<Integer> ordinals = new HashSet<>();
		int initial = 0;
		int duplicates = 0;
		for (JsonNode trial : trials.path("content")) {
			ordinals.add(trial.path("ordinal").asInt());
			initial += trial.path("origin").asString().equals("initial") ? 1 : 0;
			if (trial.path("duplicate").asBoolean()) {
				duplicates++;
				assertThat(trial.path("tokens").path("in").asLong()).isZero();
			}
			assertThat(trial.path("softPrompt").size()).isEqualTo(10);
			assertThat(trial.path("exampleScores").size()).isEqualTo(20);
		}
		assertThat(ordinals).hasSize(150);
		assertThat(initial).isEqualTo(25);
		assertThat(duplicates).isPositive();

		JsonNode best = service.get("/jobs/" + id + "/best");
		assertThat(best.path("instruction").asString())
			.isEqualTo("The instruction was to write the antonym of the input word");
		assertThat(best.path("devScore").asDouble()).isEqualTo(1.0);
		assertThat(best.path("testScore").asDouble()).isEqualTo(1.0);

		assertThat(best.path("selectedBy").asString()).isEqualTo("final-selection");

		// paid calls = distinct (instruction, example) pairs: each distinct instruction
		// on
		// the 20 subset examples, the top 5 of them on the 10 extra dev examples of the
		// final selection, the final choice on the 10 test examples; and the job's count
		// agrees with the server's
		assertThat(stubs.repeatedBlackBoxPrompts()).isZero();
		int distinctInstructions = (int) stubs.generated.stream().distinct().count();
		assertThat(stubs.blackBoxPrompts)
			.hasSize(distinctInstructions * 20 + Math.min(5, distinctInstructions) * 10 + 10);
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(stubs.blackBoxPrompts.size());
		assertThat(job.path("progress").path("cacheHits").asLong()).isZero();
		assertThat(stubs.vllmRequests("/v1/completions")).isEqualTo(150);

		List<String> received = events.get(60, TimeUnit.SECONDS);
		assertThat(received.get(0)).isEqualTo("job");
		assertThat(received).contains("trial");
	}

	/** Names of the first {@code count} SSE events of a job's stream. */
	private static List<String> readEvents(String id, int count) {
		List<String> names = new ArrayList<>();
		try {
			HttpResponse<java.io.InputStream> response = service.stream("/jobs/" + id + "/events");
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null && names.size() < count; line = lines.readLine()) {
					if (line.startsWith("event:")) {
						names.add(line.substring(6).trim());
					}
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return names;
	}

	static JsonNode awaitFinished(String id, Duration timeout) {
		return awaitFinished(service, id, timeout);
	}

	static JsonNode awaitFinished(RunningService service, String id, Duration timeout) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
			last[0] = service.get("/jobs/" + id);
			String status = last[0].path("status").asString();
			return !status.equals("QUEUED") && !status.equals("RUNNING");
		});
		return last[0];
	}

}
