package dev.instructzero.job;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The InstructZero loop end to end through the REST API, on stub vLLM and OpenAI servers
 * where only one region of soft-prompt space yields the instruction the black box answers
 * correctly.
 */
@StubbedService(database = "engine_e2e")
class InstructZeroJobTest {

	static StubLlms stubs;

	static RunningService service;

	/**
	 * The paper's budget without replacement of duplicates (the stub knows only four
	 * instructions, so replacements would run every iteration to its cap; they are
	 * covered by JobResumeTest and BatchReplacementTest).
	 */
	@Test
	void findsTheBestInstructionWithThePapersBudgetAndPaysEachPairOnce() throws Exception {
		int tokenizedBefore = stubs.tokenizedPrompts.size();
		int completionsBefore = stubs.completionMaxTokens.size();
		int promptsBefore = stubs.blackBoxPrompts.size();
		int generatedBefore = stubs.generated.size();
		int vllmBefore = stubs.vllmRequests("/v1/completions");
		JsonNode created = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(60, 10)
				+ ", \"settings\": {\"seed\": 11, \"maxGenerationsPerBatch\": 25}}", 202);
		String id = created.path("id").asString();
		CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> readEvents(id, 6));

		JsonNode job = awaitFinished(id, Duration.ofMinutes(5));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("stopReason").asString()).isEqualTo("COMPLETED");
		assertThat(job.path("progress").path("trialsDone").asInt()).isEqualTo(150);
		// the progress ends on the last iteration, whichever iteration the best came from
		assertThat(job.path("progress").path("currentIteration").asInt()).isEqualTo(5);

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

		// the reference's final configuration: the chat template with its question mark,
		// 10 exemplars, 128 new tokens
		assertThat(job.path("settings").path("promptStyle").asString()).isEqualTo("chat");
		assertThat(job.path("settings").path("exemplars").asInt()).isEqualTo(10);
		assertThat(stubs.tokenizedPrompts.subList(tokenizedBefore, stubs.tokenizedPrompts.size()))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.matches("A chat between a curious user and an artificial intelligence assistant\\. The assistant gives "
					+ "helpful, detailed, and polite answers to the user's questions\\. USER:\n" + demos(10)
					+ "\n\nThe instruction was to\\? ASSISTANT:");
		assertThat(stubs.completionMaxTokens.subList(completionsBefore, stubs.completionMaxTokens.size())).hasSize(150)
			.containsOnly(128);

		// the chat replies restate the question in several ways; each is read as one
		// clean
		// instruction
		JsonNode best = service.get("/jobs/" + id + "/best");
		assertThat(best.path("instruction").asString()).isEqualTo("Write the antonym of the input word.");
		assertThat(best.path("devScore").asDouble()).isEqualTo(1.0);
		assertThat(best.path("testScore").asDouble()).isEqualTo(1.0);
		// (so the iteration shown above is not the best trial's)
		assertThat(best.path("ordinal").asInt()).isLessThan(150 - 25);
		Set<String> rawReplies = new HashSet<>();
		for (JsonNode trial : trials.path("content")) {
			String instruction = trial.path("instruction").asString();
			assertThat(instruction).doesNotContain("The instruction was to").doesNotContain("Sure");
			assertThat(IntStream.range(0, StubLlms.INSTRUCTIONS.size()).mapToObj(StubLlms::chatInstruction))
				.contains(instruction);
			if (instruction.equals(best.path("instruction").asString())) {
				rawReplies.add(trial.path("rawReply").asString());
			}
		}
		assertThat(rawReplies).contains("Sure! The instruction was to write the antonym of the input word.\n",
				"The instruction was to write the antonym of the input word.");

		assertThat(best.path("selectedBy").asString()).isEqualTo("final-selection");

		// paid calls = distinct (instruction, example) pairs: each distinct instruction
		// on
		// the 20 subset examples, the top 5 of them on the 10 extra dev examples of the
		// final selection, the final choice on the 10 test examples; and the job's count
		// agrees with the server's
		List<String> prompts = stubs.blackBoxPrompts.subList(promptsBefore, stubs.blackBoxPrompts.size());
		assertThat(prompts).doesNotHaveDuplicates();
		int distinctInstructions = (int) stubs.generated.subList(generatedBefore, stubs.generated.size())
			.stream()
			.distinct()
			.count();
		assertThat(prompts).hasSize(distinctInstructions * 20 + Math.min(5, distinctInstructions) * 10 + 10);
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(prompts.size());
		assertThat(job.path("progress").path("cacheHits").asLong()).isZero();
		assertThat(stubs.vllmRequests("/v1/completions") - vllmBefore).isEqualTo(150);

		List<String> received = events.get(60, TimeUnit.SECONDS);
		assertThat(received.get(0)).isEqualTo("job");
		assertThat(received).contains("trial");
	}

	@Test
	void completionStyleSendsThePlainTextAsksFor64TokensAndPostProcesses() {
		int tokenizedBefore = stubs.tokenizedPrompts.size();
		int completionsBefore = stubs.completionMaxTokens.size();
		String id = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(40, 0, 200) + ", \"settings\": "
				+ "{\"promptStyle\": \"completion\", \"initialTrials\": 10, \"batchSize\": 5, \"iterations\": 1, "
				// no replacement rounds: exactly 15 generations
				+ "\"seed\": 5, \"maxGenerationsPerBatch\": 5}}", 202)
			.path("id")
			.asString();

		JsonNode job = awaitFinished(id, Duration.ofMinutes(3));

		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("settings").path("exemplars").asInt()).isEqualTo(5);
		assertThat(stubs.tokenizedPrompts.subList(tokenizedBefore, stubs.tokenizedPrompts.size()))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.matches("\n" + demos(5) + "\n\nThe instruction was to");
		assertThat(stubs.completionMaxTokens.subList(completionsBefore, stubs.completionMaxTokens.size())).hasSize(15)
			.containsOnly(64);
		for (JsonNode trial : service.get("/jobs/" + id + "/trials?size=100").path("content")) {
			// the first code's post-processing: prefix, cut at "Comment:", first sentence
			assertThat(trial.path("rawReply").asString()).endsWith(". Comment: none");
			assertThat(trial.path("instruction").asString()).startsWith("The instruction was to write ")
				.doesNotContain("Comment")
				.doesNotEndWith(".");
		}
	}

	@Test
	void recordsAReplyOfOnlyNulAndWhitespaceAsAFailedGenerationAndTheJobSucceeds() {
		int promptsBefore = stubs.blackBoxPrompts.size();
		int generatedBefore = stubs.generated.size();
		stubs.blankReplyBelow = -0.3;
		String id;
		JsonNode job;
		try {
			id = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(40, 4, 400) + ", \"settings\": "
					+ "{\"initialTrials\": 12, \"batchSize\": 6, \"iterations\": 2, \"seed\": 3, "
					// no replacement rounds: exactly 24 trials
					+ "\"maxGenerationsPerBatch\": 6}}", 202)
				.path("id")
				.asString();
			job = awaitFinished(id, Duration.ofMinutes(3));
		}
		finally {
			stubs.blankReplyBelow = Double.NEGATIVE_INFINITY;
		}

		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("progress").path("trialsDone").asInt()).isEqualTo(24);
		JsonNode failed = service.get("/jobs/" + id + "/trials?generationFailed=true&size=100");
		int failures = failed.path("page").path("totalElements").asInt();
		List<String> generated = stubs.generated.subList(generatedBefore, stubs.generated.size());
		assertThat(failures).isPositive().isEqualTo((int) generated.stream().filter(String::isEmpty).count());
		for (JsonNode trial : failed.path("content")) {
			assertThat(trial.path("generationFailed").asBoolean()).isTrue();
			assertThat(trial.path("instruction").asString()).isEmpty();
			// NUL cannot be stored; its replacement shows where it was
			assertThat(trial.path("rawReply").asString()).isEqualTo("\uFFFD \n\t\uFFFD");
			assertThat(trial.path("devScore").asDouble()).isZero();
			assertThat(trial.path("tokens").path("in").asLong()).isZero();
			assertThat(trial.path("softPrompt").size()).isEqualTo(10);
		}
		assertThat(service.get("/jobs/" + id + "/trials?generationFailed=false&size=100")
			.path("page")
			.path("totalElements")
			.asInt()).isEqualTo(24 - failures);
		// no black-box call for an empty instruction; every other instruction paid once
		List<String> prompts = stubs.blackBoxPrompts.subList(promptsBefore, stubs.blackBoxPrompts.size());
		assertThat(prompts).noneMatch((prompt) -> prompt.startsWith("Instruction: \n"));
		int distinct = (int) generated.stream().filter((g) -> !g.isEmpty()).distinct().count();
		assertThat(prompts).hasSize(distinct * 20 + 4);
		JsonNode best = service.get("/jobs/" + id + "/best");
		assertThat(best.path("instruction").asString()).isNotEmpty();
		assertThat(job.path("progress").path("bestOrdinal").asInt()).isEqualTo(best.path("ordinal").asInt());
	}

	/** k demos as the stub task renders them, joined by a blank line. */
	private static String demos(int k) {
		return "Input: word\\d+\nOutput: anti\\d+" + "(\n\nInput: word\\d+\nOutput: anti\\d+){" + (k - 1) + "}";
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
