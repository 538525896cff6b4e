package dev.instructzero.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A task with its own chat template and the {@code regex} metric, end to end through the
 * REST API on the stub servers: the black box receives exactly the messages the template
 * says, for dev and test alike, and every trial shows the answers behind its score.
 */
@StubbedService(database = "engine_chat_template")
class ChatTemplateJobTest {

	static final String SYSTEM = "You answer with one word. ";

	static StubLlms stubs;

	static RunningService service;

	@Test
	void scoresEveryInstructionInTheTasksOwnChatFormatAndShowsTheAnswers() {
		StringBuilder task = new StringBuilder("""
				{"name": "chat antonyms", "metric": "regex",
				 "metricOptions": {"pattern": "^(?:answer: )?{output}$", "ignoreCase": true},
				 "promptTemplate": [
				   {"role": "system", "content": "You answer with one word. {instruction}"},
				   {"role": "user", "content": "Word: hot"},
				   {"role": "assistant", "content": "cold"},
				   {"role": "user", "content": "Word: {input}"}],
				 "examples": [""");
		for (int i = 0; i < 30; i++) {
			task.append((i > 0) ? "," : "")
				.append((i == 5) ? "{\"input\": \"word5\", \"outputs\": [\"anti5\", \" \"]}"
						: "{\"input\": \"word" + i + "\", \"output\": \"anti" + i + "\"}");
		}
		task.append("], \"testExamples\": [");
		for (int i = 0; i < 4; i++) {
			task.append((i > 0) ? "," : "")
				.append("{\"input\": \"word" + (1000 + i) + "\", \"output\": \"anti")
				.append(1000 + i)
				.append("\"}");
		}
		task.append("]}");
		JsonNode created = service.post("/tasks", task.toString(), 201);
		// the blank acceptable output is dropped, and said so
		assertThat(created.path("warnings").toString()).contains("examples[5].outputs[1]");
		assertThat(created.path("examples").get(5).path("outputs").size()).isEqualTo(1);
		assertThat(created.path("promptTemplate").get(0).path("role").asString()).isEqualTo("system");

		String id = service.post("/jobs", "{\"taskId\": \"" + created.path("id").asString()
				+ "\", \"strategy\": \"random\", \"settings\": {\"initialTrials\": 4, \"batchSize\": 3, \"iterations\": 2,"
				+ " \"devExamples\": 6, \"seed\": 5}}", 202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");

		JsonNode trials = service.get("/jobs/" + id + "/trials?size=100");
		assertThat(trials.path("page").path("totalElements").asInt()).isEqualTo(10);
		Set<String> instructions = new HashSet<>();
		for (JsonNode trial : trials.path("content")) {
			instructions.add(trial.path("instruction").asString());
		}
		// every request the black box received is the template rendered for one of the
		// job's instructions on one of the task's inputs, message by message
		Set<List<Map<String, String>>> rendered = new HashSet<>();
		for (String instruction : instructions) {
			for (int i = 0; i < 30; i++) {
				rendered.add(expectedMessages(instruction, "word" + i));
			}
			for (int i = 0; i < 4; i++) {
				rendered.add(expectedMessages(instruction, "word" + (1000 + i)));
			}
		}
		assertThat(stubs.blackBoxMessages).isNotEmpty()
			.allSatisfy((messages) -> assertThat(rendered).contains(messages));
		assertThat(stubs.repeatedBlackBoxPrompts()).isZero();
		// paid once per distinct instruction and dev example, the top 5 on the 9 dev-pool
		// examples beyond the subset (final selection), plus the final choice on test
		assertThat(stubs.blackBoxMessages).hasSize(instructions.size() * 6 + Math.min(5, instructions.size()) * 9 + 4);
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(stubs.blackBoxMessages.size());

		// trials of a batch run concurrently: the one that scored an instruction first
		// may
		// have a higher ordinal than its duplicate
		Map<String, Integer> firstScoredBy = new HashMap<>();
		for (JsonNode trial : trials.path("content")) {
			if (!trial.path("duplicate").asBoolean()) {
				assertThat(firstScoredBy.put(trial.path("instruction").asString(), trial.path("ordinal").asInt()))
					.as("one first evaluation per instruction")
					.isNull();
			}
		}
		List<Integer> duplicates = new ArrayList<>();
		for (JsonNode trial : trials.path("content")) {
			int ordinal = trial.path("ordinal").asInt();
			JsonNode detail = service.get("/jobs/" + id + "/trials/" + ordinal);
			assertThat(detail.path("trial").path("instruction").asString())
				.isEqualTo(trial.path("instruction").asString());
			JsonNode answers = detail.path("devAnswers");
			assertThat(answers.size()).isEqualTo(6);
			double sum = 0;
			for (JsonNode answer : answers) {
				String input = answer.path("input").asString();
				String expected = "anti" + input.substring("word".length());
				assertThat(answer.path("outputs").get(0).asString()).isEqualTo(expected);
				// the stub answers the antonym or echoes the input; "^{output}$" by hand
				String text = answer.path("answer").asString();
				assertThat(text).isIn(expected, input);
				assertThat(answer.path("score").asDouble()).isEqualTo(text.equals(expected) ? 1.0 : 0.0);
				sum += answer.path("score").asDouble();
			}
			assertThat(trial.path("devScore").asDouble()).isCloseTo(sum / 6, within(1e-12));
			String instruction = trial.path("instruction").asString();
			if (trial.path("duplicate").asBoolean()) {
				duplicates.add(ordinal);
				assertThat(detail.path("answersFromOrdinal").asInt()).isEqualTo(firstScoredBy.get(instruction));
			}
			else {
				assertThat(detail.path("answersFromOrdinal").asInt()).isEqualTo(ordinal);
			}
		}
		// ten trials, at most four instructions: some are duplicates
		assertThat(duplicates).isNotEmpty();

		JsonNode best = service.get("/jobs/" + id + "/best");
		JsonNode bestDetail = service.get("/jobs/" + id + "/trials/" + best.path("ordinal").asInt());
		JsonNode testAnswers = bestDetail.path("testAnswers");
		assertThat(testAnswers.size()).isEqualTo(4);
		double testSum = 0;
		for (JsonNode answer : testAnswers) {
			testSum += answer.path("score").asDouble();
		}
		assertThat(best.path("testScore").asDouble()).isCloseTo(testSum / 4, within(1e-12));
	}

	@Test
	void gradesEveryAnswerWithTheJudgeModelAndCountsItsCallsApart() {
		StringBuilder task = new StringBuilder("""
				{"name": "judged antonyms", "metric": "llm_judge",
				 "metricOptions": {"judgeModel": "stub-judge", "rubric": "Is it the antonym?"},
				 "promptTemplate": [
				   {"role": "system", "content": "Reply with a single word. {instruction}"},
				   {"role": "user", "content": "{input}"}],
				 "examples": [""");
		for (int i = 0; i < 30; i++) {
			task.append((i > 0) ? "," : "")
				.append("{\"input\": \"word" + (500 + i) + "\", \"output\": \"anti" + (500 + i) + "\"}");
		}
		task.append("]}");
		String taskId = service.post("/tasks", task.toString(), 201).path("id").asString();
		int blackBoxBefore = stubs.blackBoxMessages.size();
		int judgeBefore = stubs.judgeMessages.size();

		String id = service.post("/jobs", "{\"taskId\": \"" + taskId
				+ "\", \"strategy\": \"random\", \"settings\": {\"initialTrials\": 4, \"batchSize\": 2, \"iterations\": 1,"
				+ " \"devExamples\": 5, \"seed\": 8, \"finalExamples\": 0}}", 202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");

		List<List<Map<String, String>>> judgeRequests = stubs.judgeMessages.subList(judgeBefore,
				stubs.judgeMessages.size());
		int blackBoxCalls = stubs.blackBoxMessages.size() - blackBoxBefore;
		JsonNode progress = job.path("progress");
		assertThat(progress.path("judgeCalls").asLong()).isEqualTo(judgeRequests.size()).isPositive();
		assertThat(progress.path("paidCalls").asLong()).isEqualTo(blackBoxCalls + judgeRequests.size());
		// the stub reports 20 prompt and 3 completion tokens per call
		assertThat(progress.path("judgeTokensIn").asLong()).isEqualTo(20L * judgeRequests.size());
		assertThat(progress.path("judgeTokensOut").asLong()).isEqualTo(3L * judgeRequests.size());
		// every unreadable first reply was read on its retry
		assertThat(progress.path("judgeUnparsed").asLong()).isZero();
		for (List<Map<String, String>> request : judgeRequests) {
			assertThat(request.get(0).get("role")).isEqualTo("system");
			assertThat(request.get(0).get("content")).startsWith("You grade one answer");
			assertThat(request.get(1).get("content")).startsWith("Rubric:\nIs it the antonym?\n\nInput:\nword5");
		}
		long retries = judgeRequests.stream().filter((r) -> r.size() == 4).count();

		JsonNode trials = service.get("/jobs/" + id + "/trials?size=100");
		Set<String> judged = new HashSet<>();
		for (JsonNode trial : trials.path("content")) {
			if (trial.path("duplicate").asBoolean()) {
				continue;
			}
			JsonNode detail = service.get("/jobs/" + id + "/trials/" + trial.path("ordinal").asInt());
			double sum = 0;
			for (JsonNode answer : detail.path("devAnswers")) {
				String expected = answer.path("outputs").get(0).asString();
				boolean right = answer.path("answer").asString().equals(expected);
				assertThat(answer.path("score").asDouble()).isEqualTo(right ? 1.0 : 0.0);
				assertThat(answer.path("verdict").asString()).isEqualTo(right ? "SCORE: 1" : "SCORE: 0");
				sum += answer.path("score").asDouble();
				judged.add(answer.path("input").asString() + "→" + answer.path("answer").asString());
			}
			assertThat(trial.path("devScore").asDouble()).isCloseTo(sum / 5, within(1e-12));
		}
		// the judge's prompt holds the input, outputs and answer, not the instruction:
		// one paid
		// call per distinct (input, answer), the others from the cache, plus one retry
		// per
		// unreadable first reply (an echoed word ending in 0, 3, 6 or 9)
		long unreadable = judged.stream().filter((pair) -> pair.matches(".*→word\\d*[0369]")).count();
		assertThat(retries).isEqualTo(unreadable);
		assertThat(judgeRequests).hasSize(judged.size() + (int) retries);
	}

	private static List<Map<String, String>> expectedMessages(String instruction, String input) {
		return List.of(Map.of("role", "system", "content", SYSTEM + instruction),
				Map.of("role", "user", "content", "Word: hot"), Map.of("role", "assistant", "content", "cold"),
				Map.of("role", "user", "content", "Word: " + input));
	}

}
