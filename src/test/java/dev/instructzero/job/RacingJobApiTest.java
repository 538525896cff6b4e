package dev.instructzero.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Racing and budget-driven jobs end to end through the REST API on the stub vLLM and
 * OpenAI servers.
 */
@StubbedService(database = "racing_e2e")
class RacingJobApiTest {

	static StubLlms stubs;

	static RunningService service;

	@Test
	void racingJobStopsInstructionsThatCannotBeatTheBestAndPaysOnlyTheirStage() {
		// the first instruction asked is right on every example, every other one wrong:
		// after the 1-trial design each new instruction faces a perfect incumbent
		AtomicReference<String> first = new AtomicReference<>();
		stubs.answerRule = (instruction, index) -> first.compareAndSet(null, instruction)
				|| first.get().equals(instruction);
		int promptsBefore = stubs.blackBoxPrompts.size();
		JsonNode created = service.post("/jobs",
				"{\"task\": " + StubLlms.taskJson(60, 0, 500)
						+ ", \"settings\": {\"initialTrials\": 1, \"batchSize\": 3, \"iterations\": 3,"
						+ " \"maxGenerationsPerBatch\": 9, \"finalExamples\": 0, \"seed\": 5,"
						+ " \"evaluation\": \"racing\", \"racingStages\": [5]}}",
				202);
		String id = created.path("id").asString();
		assertThat(created.path("settings").path("evaluation").asString()).isEqualTo("racing");
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(3));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("stopReason").asString()).isEqualTo("COMPLETED");

		List<JsonNode> trials = trials(id);
		long stopped = 0;
		long pairs = 0;
		long saved = 0;
		for (JsonNode trial : trials) {
			int stage = trial.path("stage").asInt();
			assertThat(trial.path("exampleScores").size()).isEqualTo(stage);
			if (trial.path("stoppedEarly").asBoolean()) {
				assertThat(stage).isEqualTo(5);
				assertThat(trial.path("devScore").asDouble()).isZero();
				assertThat(trial.path("iteration").asInt()).isPositive();
			}
			else if (!trial.path("generationFailed").asBoolean()) {
				assertThat(stage).isEqualTo(20);
			}
			if (!trial.path("duplicate").asBoolean() && !trial.path("generationFailed").asBoolean()) {
				pairs += stage;
				if (trial.path("stoppedEarly").asBoolean()) {
					stopped++;
					saved += 20 - stage;
				}
			}
		}
		assertThat(stopped).as("instructions stopped after 5 examples").isPositive();
		JsonNode progress = job.path("progress");
		assertThat(progress.path("paidCalls").asLong()).isEqualTo(pairs);
		assertThat(stubs.blackBoxPrompts.size() - promptsBefore).isEqualTo(pairs);
		assertThat(stubs.repeatedBlackBoxPrompts()).isZero();
		assertThat(progress.path("stoppedEarly").asLong()).isEqualTo(stopped);
		assertThat(progress.path("paidCallsSaved").asLong()).isEqualTo(saved);
		assertThat(progress.path("untilBudget").asBoolean()).isFalse();
		// the best is a fully scored instruction
		JsonNode best = service.get("/jobs/" + id + "/best");
		assertThat(best.path("devScore").asDouble()).isEqualTo(1.0);
	}

	@Test
	void budgetDrivenJobProposesUntilItsCallsAreSpent() {
		int promptsBefore = stubs.blackBoxPrompts.size();
		JsonNode created = service.post("/jobs",
				"{\"task\": " + StubLlms.taskJson(60, 0, 600)
						+ ", \"settings\": {\"initialTrials\": 4, \"batchSize\": 2, \"finalExamples\": 0, \"seed\": 6},"
						+ " \"budget\": {\"maxBlackBoxCalls\": 30}}",
				202);
		String id = created.path("id").asString();
		assertThat(created.path("settings").path("untilBudget").asBoolean()).isTrue();
		assertThat(created.path("settings").path("iterations").isNull()).isTrue();
		assertThat(created.path("progress").path("untilBudget").asBoolean()).isTrue();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(3));
		assertThat(job.path("stopReason").asString()).isEqualTo("BUDGET");
		assertThat(job.path("progress").path("paidCalls").asLong()).isLessThanOrEqualTo(30).isGreaterThan(20);
		assertThat(stubs.blackBoxPrompts.size() - promptsBefore).isLessThanOrEqualTo(30);
	}

	@Test
	void budgetDrivenJobStopsWhenItsSearchHasConverged() {
		JsonNode created = service.post("/jobs",
				"{\"task\": " + StubLlms.taskJson(60, 0, 700)
						+ ", \"settings\": {\"initialTrials\": 4, \"batchSize\": 2, \"maxGenerationsPerBatch\": 2,"
						+ " \"finalExamples\": 0, \"seed\": 7, \"patience\": 1, \"convergenceLogEi\": 1000},"
						+ " \"budget\": {\"maxBlackBoxCalls\": 100000}}",
				202);
		String id = created.path("id").asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(3));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("stopReason").asString()).isEqualTo("CONVERGED");
		// four instructions exist: at most 4 x 20 calls, far from the budget
		assertThat(job.path("progress").path("paidCalls").asLong()).isPositive().isLessThanOrEqualTo(80);
		assertThat(job.path("progress").path("currentIteration").asInt()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void refusesUntilBudgetWithoutASpendingLimitAndStagesThatDoNotGrow() {
		JsonNode untilBudget = service.post("/jobs",
				"{\"task\": " + StubLlms.taskJson(10, 0, 800) + ", \"settings\": {\"untilBudget\": true}}", 400);
		assertThat(fields(untilBudget.path("errors")).stream().map((e) -> e.path("field").asString()).toList())
			.contains("settings.untilBudget");
		JsonNode stages = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(10, 0, 800)
				+ ", \"settings\": {\"evaluation\": \"racing\", \"racingStages\": [10, 5]}}", 400);
		assertThat(fields(stages.path("errors")).stream().map((e) -> e.path("field").asString()).toList())
			.contains("settings.racingStages");
		JsonNode confidence = service.post("/jobs",
				"{\"task\": " + StubLlms.taskJson(10, 0, 800) + ", \"settings\": {\"racingConfidence\": 1.5}}", 400);
		assertThat(fields(confidence.path("errors")).stream().map((e) -> e.path("field").asString()).toList())
			.contains("settings.racingConfidence");
	}

	private static List<JsonNode> fields(JsonNode errors) {
		List<JsonNode> list = new ArrayList<>();
		errors.forEach(list::add);
		return list;
	}

	private static List<JsonNode> trials(String id) {
		JsonNode page = service.get("/jobs/" + id + "/trials?size=500&sort=ordinal,asc");
		List<JsonNode> trials = new ArrayList<>();
		page.path("content").forEach(trials::add);
		return trials;
	}

}
