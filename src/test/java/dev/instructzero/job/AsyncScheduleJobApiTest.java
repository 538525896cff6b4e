package dev.instructzero.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code batch} and {@code async} schedules end to end through the REST API on the
 * stub vLLM and OpenAI servers: the same plan, its caps, the progress, the paid calls,
 * budget-driven runs and cancellation.
 */
@StubbedService(database = "async_e2e")
class AsyncScheduleJobApiTest {

	static final int INITIAL = 6;

	static final int BATCH = 4;

	static final int ITERATIONS = 3;

	static final int CAP = 8;

	static StubLlms stubs;

	static RunningService service;

	@Test
	void batchAndAsyncJobsRunTheSamePlanAndPayEachPairOnce() {
		for (String schedule : List.of("batch", "async")) {
			int promptsBefore = stubs.blackBoxPrompts.size();
			JsonNode created = service.post("/jobs",
					"{\"task\": " + StubLlms.taskJson(60, 5, 100 * schedule.length())
							+ ", \"settings\": {\"initialTrials\": " + INITIAL + ", \"batchSize\": " + BATCH
							+ ", \"iterations\": " + ITERATIONS + ", \"maxGenerationsPerBatch\": " + CAP
							+ ", \"finalExamples\": 5, \"seed\": 3, \"schedule\": \"" + schedule + "\"}}",
					202);
			String id = created.path("id").asString();
			assertThat(created.path("settings").path("schedule").asString()).isEqualTo(schedule);

			JsonNode job = awaitFinished(service, id, Duration.ofMinutes(4));
			assertThat(job.path("status").asString()).as(schedule).isEqualTo("SUCCEEDED");
			assertThat(job.path("stopReason").asString()).isEqualTo("COMPLETED");
			assertThat(job.path("settings").path("schedule").asString()).isEqualTo(schedule);
			JsonNode progress = job.path("progress");
			assertThat(progress.path("currentIteration").asInt()).as(schedule).isEqualTo(ITERATIONS);
			assertThat(progress.path("trialsPlanned").asInt()).as(schedule)
				.isEqualTo(progress.path("trialsDone").asInt());

			List<JsonNode> trials = trials(id);
			assertThat(trials).hasSize(progress.path("trialsDone").asInt());
			int fresh = 0;
			for (int i = 0; i < trials.size(); i++) {
				JsonNode trial = trials.get(i);
				assertThat(trial.path("ordinal").asInt()).isEqualTo(i);
				int iteration = trial.path("iteration").asInt();
				if (i < INITIAL) {
					assertThat(iteration).isZero();
					continue;
				}
				assertThat(iteration).as(schedule + " trial " + i).isBetween(1, ITERATIONS);
				assertThat(iteration).isGreaterThanOrEqualTo(trials.get(i - 1).path("iteration").asInt());
				fresh += trial.path("duplicate").asBoolean() ? 0 : 1;
			}
			int proposals = trials.size() - INITIAL;
			// the plan: 3 x 4 new instructions, or every generation it may spend
			assertThat(fresh == ITERATIONS * BATCH || proposals == ITERATIONS * CAP).as(schedule).isTrue();
			assertThat(proposals).isLessThanOrEqualTo(ITERATIONS * CAP);

			List<String> prompts = stubs.blackBoxPrompts.subList(promptsBefore, stubs.blackBoxPrompts.size());
			assertThat(prompts).as("black-box prompts paid twice").doesNotHaveDuplicates();
			assertThat(progress.path("paidCalls").asLong()).isEqualTo(prompts.size());
			JsonNode best = service.get("/jobs/" + id + "/best");
			assertThat(best.path("selectedBy").asString()).isEqualTo("final-selection");
			assertThat(best.path("testScore").isNumber()).isTrue();
		}
	}

	@Test
	void asyncBudgetDrivenJobStopsAtItsBudget() {
		int promptsBefore = stubs.blackBoxPrompts.size();
		JsonNode created = service.post("/jobs",
				"{\"task\": " + StubLlms.taskJson(60, 0, 2000)
						+ ", \"settings\": {\"initialTrials\": 2, \"batchSize\": 2, \"finalExamples\": 0, \"seed\": 6,"
						+ " \"schedule\": \"async\"}, \"budget\": {\"maxBlackBoxCalls\": 50}}",
				202);
		String id = created.path("id").asString();
		assertThat(created.path("settings").path("untilBudget").asBoolean()).isTrue();

		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(4));

		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("stopReason").asString()).isEqualTo("BUDGET");
		assertThat(job.path("progress").path("paidCalls").asLong()).isLessThanOrEqualTo(50).isGreaterThan(40);
		assertThat(stubs.blackBoxPrompts.size() - promptsBefore).isLessThanOrEqualTo(50);
		// the budget ran out in the asynchronous proposals, after the design
		assertThat(trials(id)).anyMatch((trial) -> trial.path("iteration").asInt() >= 1);
	}

	@Test
	void cancellingAnAsyncJobStopsItsProposals() {
		stubs.vllmDelayMs = 100;
		stubs.blackBoxDelayMs = 20;
		JsonNode created = service.post("/jobs",
				"{\"task\": " + StubLlms.taskJson(60, 0, 3000) + ", \"settings\": {\"initialTrials\": 3,"
						+ " \"batchSize\": 3, \"iterations\": 50, \"finalExamples\": 0, \"seed\": 8,"
						+ " \"schedule\": \"async\"}}",
				202);
		String id = created.path("id").asString();
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> service.get("/jobs/" + id).path("progress").path("trialsDone").asInt() >= 5);

		service.post("/jobs/" + id + "/cancel", "", 202);
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));

		assertThat(job.path("status").asString()).isEqualTo("CANCELLED");
		int done = job.path("progress").path("trialsDone").asInt();
		assertThat(done).isLessThan(3 + 50 * 3);
		// nothing runs after the cancellation
		assertThat(service.get("/jobs/" + id).path("progress").path("trialsDone").asInt()).isEqualTo(done);
	}

	private static List<JsonNode> trials(String id) {
		List<JsonNode> trials = new ArrayList<>();
		service.get("/jobs/" + id + "/trials?size=500&sort=ordinal,asc").path("content").forEach(trials::add);
		return trials;
	}

}
