package dev.instructzero.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durable execution: a job survives its replica, and replicas share jobs without doubling
 * them.
 */
class JobResumeTest {

	@TempDir
	Path dir;

	@Test
	void resumesAJobInterruptedMidRunWithoutPayingTwice() {
		try (StubLlms stubs = StubLlms.start(this.dir)) {
			String db = TestDatabase.freshDatabaseUrl("engine_resume");
			stubs.blackBoxDelayMs = 40;
			String id;
			// after 15 generations vLLM fails (500) and the job waits to retry (1 s, 2 s,
			// 4 s): its replica stops then, mid-run, and interrupts the job after 1 s
			// instead of JobRunr's 10 s, in which the job could fail or end
			stubs.vllmFailAfter = 15;
			List<String> stopsAtOnce = new ArrayList<>(stubs.properties());
			stopsAtOnce.add("--jobrunr.background-job-server.interrupt-jobs-await-duration-on-stop=1s");
			try (RunningService first = RunningService.start(db, stopsAtOnce)) {
				id = first.post("/jobs", "{\"task\": " + StubLlms.taskJson(60, 5)
						+ ", \"settings\": {\"initialTrials\": 10, \"batchSize\": 10, \"iterations\": 3, \"seed\": 21}}",
						202)
					.path("id")
					.asString();
				await().atMost(Duration.ofMinutes(2)).until(() -> stubs.completionRequests.get() > 15);
				JsonNode running = first.get("/jobs/" + id);
				assertThat(running.path("status").asString()).isEqualTo("RUNNING");
				assertThat(running.path("progress").path("trialsDone").asInt()).isBetween(10, 15);
			} // the replica stops mid-run
			stubs.vllmFailAfter = -1;
			stubs.blackBoxDelayMs = 0;
			try (RunningService second = RunningService.start(db, stubs.properties())) {
				JsonNode job = awaitFinished(second, id, Duration.ofMinutes(3));
				assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
				// the stub knows four instructions: the iterations' duplicates are
				// replaced up
				// to the cap of 30 generations, and the plan grows to what was run
				int done = job.path("progress").path("trialsDone").asInt();
				assertThat(done).isGreaterThan(40).isLessThanOrEqualTo(10 + 3 * 30);
				assertThat(job.path("progress").path("trialsPlanned").asInt()).isEqualTo(done);
				assertOrdinalsExactly(second, id, done);
				// generations cut short by the stop are redone; black-box calls never are
				assertThat(stubs.vllmRequests("/v1/completions")).isGreaterThanOrEqualTo(done);
				assertThat(stubs.repeatedBlackBoxPrompts()).as("no black-box call paid twice").isZero();
				assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(stubs.blackBoxPrompts.size());
			}
		}
	}

	@Test
	void aStoppingReplicaRecordsEveryCallItSentBeforeItsDatabaseCloses() {
		try (StubLlms stubs = StubLlms.start(this.dir)) {
			String db = TestDatabase.freshDatabaseUrl("engine_stop_calls");
			// every answer takes 3 s, longer than the stopping replica waits before it
			// interrupts its jobs (1 s): their calls are still under way when the job
			// ends
			stubs.blackBoxDelayMs = 3000;
			List<String> stopsAtOnce = new ArrayList<>(stubs.properties());
			stopsAtOnce.add("--jobrunr.background-job-server.interrupt-jobs-await-duration-on-stop=1s");
			try (RunningService replica = RunningService.start(db, stopsAtOnce)) {
				replica.post("/jobs", "{\"task\": " + StubLlms.taskJson(30, 0)
						+ ", \"settings\": {\"initialTrials\": 4, \"batchSize\": 4, \"iterations\": 1, \"seed\": 5}}",
						202);
				await().atMost(Duration.ofMinutes(2)).until(() -> !stubs.blackBoxPrompts.isEmpty());
			} // the replica stops with calls under way
			long sent = stubs.blackBoxPrompts.stream().distinct().count();
			JdbcClient database = JdbcClient.create(TestDatabase.dataSource(db));
			assertThat(database.sql("select count(*) from black_box_call").query(Long.class).single())
				.as("answers of the %d calls sent, cached before the database closed", sent)
				.isEqualTo(sent);
			assertThat(database.sql("select count(*) from paid_call").query(Long.class).single())
				.as("calls in the job's ledger")
				.isEqualTo(sent);
		}
	}

	@Test
	void twoReplicasRunFourJobsEachExactlyOnce() {
		try (StubLlms stubs = StubLlms.start(this.dir)) {
			String db = TestDatabase.freshDatabaseUrl("engine_replicas");
			try (RunningService a = RunningService.start(db, stubs.properties());
					RunningService b = RunningService.start(db, stubs.properties())) {
				List<String> ids = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					RunningService via = (i % 2 == 0) ? a : b;
					ids.add(via
						.post("/jobs",
								"{\"task\": " + StubLlms.taskJson(40, 0)
										+ ", \"settings\": {\"initialTrials\": 5, \"batchSize\": 5, \"iterations\": 1,"
										+ " \"maxGenerationsPerBatch\": 5, \"seed\": " + i + "}}",
								202)
						.path("id")
						.asString());
				}
				for (String id : ids) {
					JsonNode job = awaitFinished(a, id, Duration.ofMinutes(3));
					assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
					assertThat(job.path("progress").path("trialsDone").asInt()).isEqualTo(10);
					assertOrdinalsExactly(b, id, 10);
				}
				assertThat(stubs.vllmRequests("/v1/completions")).isEqualTo(40);
			}
		}
	}

	private static void assertOrdinalsExactly(RunningService service, String id, int count) {
		JsonNode trials = service.get("/jobs/" + id + "/trials?size=500");
		Set<Integer> ordinals = new HashSet<>();
		for (JsonNode trial : trials.path("content")) {
			ordinals.add(trial.path("ordinal").asInt());
		}
		assertThat(trials.path("page").path("totalElements").asInt()).isEqualTo(count);
		assertThat(ordinals).hasSize(count).allMatch((o) -> o >= 0 && o < count);
	}

}
