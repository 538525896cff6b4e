package dev.instructzero.job;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs keep working on hostile model output, and a replica refuses what would exhaust it.
 */
@StubbedService(database = "engine_resilience", properties = {
		// the stub model has hidden 8 in F32, 32 bytes per token: 64 KB is about 2000
		// tokens
		"--instructzero.jobs.max-prompt-embeds-bytes=64KB", "--instructzero.jobs.max-gp-points=300",
		"--instructzero.events.heartbeat=200ms",
		"--instructzero.events.max-streams=" + (JobResilienceTest.STREAMS + 1) })
class JobResilienceTest {

	static final String SMALL = "\"settings\": {\"initialTrials\": 4, \"batchSize\": 2, \"iterations\": 1, \"seed\": 3}";

	/** Streams that read, next to one that never does. */
	static final int STREAMS = 200;

	static StubLlms stubs;

	static RunningService service;

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
		JsonNode problem = service.post("/jobs", "{\"task\": " + task
				+ ", \"settings\": {\"exemplars\": 5, \"initialTrials\": 5, \"batchSize\": 5, \"iterations\": 2}}",
				400);
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("settings.exemplars");
		assertThat(problem.path("errors").get(0).path("message").asString()).contains("max-prompt-embeds-bytes");
		assertThat(count("job")).isEqualTo(jobs);
		assertThat(count("task")).isEqualTo(tasks);
	}

	@Test
	void refusesAGaussianProcessOverMoreThanTheConfiguredPoints() {
		JsonNode problem = service.post("/jobs",
				"{\"task\": " + StubLlms.taskJson(8, 0, 900)
						+ ", \"settings\": {\"initialTrials\": 101, \"batchSize\": 20, \"iterations\": 10,"
						+ " \"maxGenerationsPerBatch\": 20}}",
				400);
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("settings");
		assertThat(problem.path("errors").get(0).path("message").asString()).contains("max-gp-points").contains("301");
	}

	@Test
	void twoHundredStreamsFollowAJobWhileOneClientNeverReads() throws Exception {
		stubs.blackBoxDelayMs = 400;
		// the job holds before its first instruction until every stream is open and the
		// cap is checked: on a slow machine it could otherwise end first
		CountDownLatch hold = new CountDownLatch(1);
		stubs.vllmHold = hold;
		String id = service
			.post("/jobs", "{\"task\": " + StubLlms.taskJson(24, 0, 700)
					+ ", \"settings\": {\"initialTrials\": 6, \"batchSize\": 2, \"iterations\": 2, \"seed\": 4}}", 202)
			.path("id")
			.asString();
		URI events = URI.create(service.baseUrl() + "/jobs/" + id + "/events");
		try (Socket neverReads = new Socket();
				HttpClient http = HttpClient.newBuilder()
					.executor(Executors.newVirtualThreadPerTaskExecutor())
					.build()) {
			neverReads.setReceiveBufferSize(1024);
			neverReads.connect(new InetSocketAddress(events.getHost(), events.getPort()));
			neverReads.getOutputStream()
				.write(("GET " + events.getPath() + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			List<List<String>> received = new ArrayList<>();
			List<CompletableFuture<Void>> ended = new ArrayList<>();
			for (int i = 0; i < STREAMS; i++) {
				List<String> lines = new CopyOnWriteArrayList<>();
				received.add(lines);
				// Last-Event-ID -1: trials persisted before this stream opened are
				// replayed,
				// so every stream must see every trial exactly once
				ended.add(http
					.sendAsync(HttpRequest.newBuilder(events)
						.header("Accept", "text/event-stream")
						.header("Last-Event-ID", "-1")
						.build(), HttpResponse.BodyHandlers.ofLines())
					.thenAccept((response) -> response.body().forEach(lines::add)));
			}
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(
						() -> assertThat(received).allSatisfy((lines) -> assertThat(lines).contains("event:job")));

			// the replica's cap: one more stream is a 429 problem
			HttpResponse<String> refused = http.send(
					HttpRequest.newBuilder(events).header("Accept", "text/event-stream").build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(refused.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(refused.body()).contains("max-streams");
			hold.countDown();

			CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
			JsonNode job = awaitFinished(service, id, Duration.ofMinutes(1));
			assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
			int trials = job.path("progress").path("trialsDone").asInt();
			assertThat(received).allSatisfy((lines) -> {
				assertThat(lines.stream().filter("event:trial"::equals).count()).isEqualTo(trials);
				assertThat(lines.stream().filter((l) -> l.startsWith("id:")).distinct().count()).isEqualTo(trials);
				assertThat(lines).contains(":heartbeat");
			});
		}
		finally {
			hold.countDown(); // never left holding the other tests' jobs
			stubs.vllmHold = null;
		}
	}

	@Test
	void resumesAFinishedJobsStreamAfterLastEventId() throws Exception {
		String id = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(24, 0, 800) + ", " + SMALL + "}", 202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		int trials = job.path("progress").path("trialsDone").asInt();
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> resumed = http
				.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/jobs/" + id + "/events"))
					.header("Accept", "text/event-stream")
					.header("Last-Event-ID", "3")
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(resumed.statusCode()).isEqualTo(200);
			List<String> ids = resumed.body().lines().filter((l) -> l.startsWith("id:")).toList();
			assertThat(ids).isEqualTo(IntStream.range(4, trials).mapToObj((n) -> "id:" + n).toList());
			assertThat(resumed.body().lines().findFirst()).hasValue("event:job");

			HttpResponse<String> bad = http
				.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/jobs/" + id + "/events"))
					.header("Last-Event-ID", "abc")
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(bad.statusCode()).isEqualTo(400);
			assertThat(bad.body()).contains("Last-Event-ID");
		}
	}

	private static long count(String table) {
		return service.context()
			.getBean(JdbcTemplate.class)
			.queryForObject("select count(*) from " + table, Long.class);
	}

}
