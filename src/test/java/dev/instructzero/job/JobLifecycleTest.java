package dev.instructzero.job;

import java.time.Duration;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Baselines, budgets, cancellation and dependency failure, through the REST API. */
// the failing generator's four attempts 0.1, 0.2 and 0.4 s apart instead of 1, 2 and 4 s
@StubbedService(database = "engine_lifecycle", properties = "--instructzero.generator.retry.initial-backoff=100ms")
class JobLifecycleTest {

	static final String SMALL = "\"settings\": {\"initialTrials\": 4, \"batchSize\": 3, \"iterations\": 2, \"seed\": 5}";

	static StubLlms stubs;

	static RunningService service;

	@Test
	void runsTheUniformBaselineWithTheSamePersistence() {
		String id = service
			.post("/jobs", "{\"task\": " + StubLlms.taskJson(40, 0) + ", \"strategy\": \"random\", " + SMALL + "}", 202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode trials = service.get("/jobs/" + id + "/trials?size=100");
		assertThat(trials.path("page").path("totalElements").asInt()).isEqualTo(10);
		for (JsonNode trial : trials.path("content")) {
			assertThat(trial.path("origin").asString()).isEqualTo("baseline");
			assertThat(trial.path("softPrompt").size()).isEqualTo(10);
		}
		assertThat(service.get("/jobs/" + id + "/best").path("testScore").isNull()).isTrue();
	}

	@Test
	void runsTheApeBaselineWithoutSoftPrompts() {
		String id = service
			.post("/jobs", "{\"task\": " + StubLlms.taskJson(40, 0) + ", \"strategy\": \"ape\", " + SMALL + "}", 202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode trials = service.get("/jobs/" + id + "/trials?size=100");
		assertThat(trials.path("page").path("totalElements").asInt()).isEqualTo(10);
		assertThat(trials.path("content").get(0).path("softPrompt").isNull()).isTrue();
	}

	@Test
	void stopsExactlyAtTheCallBudgetWithTheBestSoFar() {
		int before = stubs.blackBoxPrompts.size();
		String id = service
			.post("/jobs", "{\"task\": " + StubLlms.taskJson(60, 5)
					+ ", \"strategy\": \"random\", \"budget\": {\"maxBlackBoxCalls\": 30}, \"settings\": {\"seed\": 3,"
					+ " \"initialTrials\": 1, \"batchSize\": 1, \"iterations\": 20}}", 202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("stopReason").asString()).isEqualTo("BUDGET");
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(30);
		assertThat(stubs.blackBoxPrompts.size() - before).isEqualTo(30);
		assertThat(job.path("progress").path("trialsDone").asInt()).isBetween(1, 20);
		assertThat(service.get("/jobs/" + id + "/best").path("devScore").isNumber()).isTrue();
	}

	@Test
	void cancellationTakesEffectWithinATrial() {
		stubs.blackBoxDelayMs = 150;
		String id = service
			.post("/jobs", "{\"task\": " + StubLlms.taskJson(60, 0) + ", \"settings\": {\"seed\": 9}}", 202)
			.path("id")
			.asString();
		await().atMost(Duration.ofMinutes(1))
			.until(() -> service.get("/jobs/" + id).path("progress").path("trialsDone").asInt() >= 1);
		service.post("/jobs/" + id + "/cancel", "", 202);
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(1));
		assertThat(job.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(job.path("stopReason").asString()).isEqualTo("CANCELLED");
		int done = job.path("progress").path("trialsDone").asInt();
		assertThat(done).isLessThan(150);
		assertThat(service.get("/jobs/" + id + "/trials").path("page").path("totalElements").asInt()).isEqualTo(done);
		service.post("/jobs/" + id + "/cancel", "", 409);
	}

	@Test
	void eventStreamReportsACancellationAndEnds() throws Exception {
		String id = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(40, 0) + ", " + SMALL + "}", 202)
			.path("id")
			.asString();
		java.net.http.HttpResponse<java.io.InputStream> stream = service.stream("/jobs/" + id + "/events");
		service.post("/jobs/" + id + "/cancel", "", 202);
		java.util.concurrent.CompletableFuture<String> lastData = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> {
				String last = null;
				try (java.io.BufferedReader lines = new java.io.BufferedReader(
						new java.io.InputStreamReader(stream.body(), java.nio.charset.StandardCharsets.UTF_8))) {
					for (String line = lines.readLine(); line != null; line = lines.readLine()) {
						if (line.startsWith("data:")) {
							last = line;
						}
					}
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
				return last; // the server ended the stream
			});
		assertThat(lastData.get(60, java.util.concurrent.TimeUnit.SECONDS)).contains("\"status\":\"CANCELLED\"");
	}

	@Test
	void failsWithTheDependencysMessageAndKeepsItsTrials() {
		stubs.vllmFailAfter = stubs.completionRequests.get() + 3;
		String id = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(40, 0) + ", " + SMALL + "}", 202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(3));
		assertThat(job.path("status").asString()).isEqualTo("FAILED");
		assertThat(job.path("error").asString()).contains("Instruction generation failed").contains("500");
		int done = job.path("progress").path("trialsDone").asInt();
		assertThat(done).isBetween(1, 3);
		assertThat(service.get("/jobs/" + id + "/trials").path("page").path("totalElements").asInt()).isEqualTo(done);
		assertThat(service.get("/jobs/" + id + "/best").path("instruction").asString()).isIn(
				StubLlms.chatInstruction(0), StubLlms.chatInstruction(1), StubLlms.chatInstruction(2),
				StubLlms.chatInstruction(3));
	}

}
