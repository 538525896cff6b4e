package dev.instructzero.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.instructzero.database.EmbeddedPostgresServer;
import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, money and data: every paid call accounted, cancellation reaching the calls,
 * APE through the evaluator, database restarts and dependency outages — against a
 * PostgreSQL of its own that the test can restart.
 */
class MoneyAndDataTest {

	static final int MAX_CONCURRENCY = 4;

	@TempDir
	static Path dir;

	static StubLlms stubs;

	static EmbeddedPostgresServer postgres;

	static RunningService service;

	@BeforeAll
	static void start() {
		stubs = StubLlms.start(dir);
		postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), true, false);
		service = RunningService.start(postgres.jdbcUrl(),
				concat(stubs.properties(), "--instructzero.evaluator.max-concurrency=" + MAX_CONCURRENCY,
						// a 503 with Retry-After: 60 then fails the call at once
						"--instructzero.evaluator.max-retry-after=1s", "--instructzero.evaluator.max-attempts=2",
						"--spring.datasource.password=unused"));
	}

	@AfterEach
	void resetFaults() {
		stubs.blackBoxDelayMs = 0;
		stubs.overloadedFor = null;
	}

	@AfterAll
	static void stop() {
		service.close();
		postgres.close();
		stubs.close();
	}

	@Test
	void cancellationStopsThePaidCallsNotJustTheNextCandidate() {
		stubs.blackBoxDelayMs = 300;
		String id = service
			.post("/jobs", "{\"task\": " + StubLlms.taskJson(60, 0, 100) + ", \"settings\": {\"seed\": 9}}", 202)
			.path("id")
			.asString();
		int before = stubs.blackBoxPrompts.size();
		await().atMost(Duration.ofMinutes(1)).until(() -> stubs.blackBoxPrompts.size() >= before + 2);
		service.post("/jobs/" + id + "/cancel", "", 202);
		int atCancel = stubs.blackBoxPrompts.size();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(1));
		assertThat(job.path("status").asString()).isEqualTo("CANCELLED");
		// only the calls under way (at most one per permit) may still be answered
		assertThat(stubs.blackBoxPrompts.size() - atCancel).isLessThanOrEqualTo(MAX_CONCURRENCY);
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(stubs.blackBoxPrompts.size() - before);
		assertThat(ledgerRows(id, "evaluation")).isEqualTo(stubs.blackBoxPrompts.size() - before);
	}

	@Test
	void apeProposalsArePaidCachedAndCountedLikeEvaluations() {
		int before = stubs.blackBoxPrompts.size();
		String id = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(40, 0, 200)
				+ ", \"strategy\": \"ape\", \"settings\": {\"initialTrials\": 4, \"batchSize\": 3, \"iterations\": 2, \"seed\": 5}}",
				202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		List<String> asked = stubs.blackBoxPrompts.subList(before, stubs.blackBoxPrompts.size());
		long proposals = asked.stream().filter((p) -> p.startsWith("I gave a friend an instruction")).count();
		// one sampled proposal per candidate, though the prompt text is the same
		assertThat(proposals).isEqualTo(10);
		assertThat(ledgerRows(id, "generation")).isEqualTo(10);
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(asked.size());
	}

	@Test
	void aFailedJobResumesAfterTheBlackBoxOutageWithoutPayingTwice() {
		int before = stubs.blackBoxPrompts.size();
		// the black box answers 25 calls (about one instruction), then is down
		stubs.overloadedFor = (prompt) -> stubs.blackBoxPrompts.size() >= before + 25;
		String id = service
			.post("/jobs", "{\"task\": " + StubLlms.taskJson(60, 3, 300)
					+ ", \"settings\": {\"initialTrials\": 4, \"batchSize\": 3, \"iterations\": 2, \"seed\": 11,"
					+ " \"maxGenerationsPerBatch\": 3}}", 202)
			.path("id")
			.asString();
		JsonNode failed = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(failed.path("status").asString()).isEqualTo("FAILED");
		assertThat(failed.path("error").asString()).contains("Black-box evaluation failed").contains("503");
		int trialsBefore = failed.path("progress").path("trialsDone").asInt();
		assertThat(trialsBefore).isLessThan(10);
		stubs.overloadedFor = null;
		JsonNode resumed = service.post("/jobs/" + id + "/resume", "", 202);
		assertThat(resumed.path("status").asString()).isIn("QUEUED", "RUNNING");
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("progress").path("trialsDone").asInt()).isEqualTo(10);
		assertThat(job.path("error").isNull()).isTrue();
		List<String> asked = stubs.blackBoxPrompts.subList(before, stubs.blackBoxPrompts.size());
		assertThat(asked).as("no paid call asked twice").doesNotHaveDuplicates();
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(asked.size());
		service.post("/jobs/" + id + "/resume", "", 409);
	}

	@Test
	void aRunningJobRidesOutAPostgresRestart() {
		stubs.blackBoxDelayMs = 20;
		int before = stubs.blackBoxPrompts.size();
		String id = service
			.post("/jobs", "{\"task\": " + StubLlms.taskJson(60, 3, 400)
					+ ", \"settings\": {\"initialTrials\": 10, \"batchSize\": 5, \"iterations\": 2, \"seed\": 13,"
					+ " \"maxGenerationsPerBatch\": 5}}", 202)
			.path("id")
			.asString();
		await().atMost(Duration.ofMinutes(1))
			.until(() -> service.get("/jobs/" + id).path("progress").path("trialsDone").asInt() >= 3);
		int port = postgres.port();
		postgres.close();
		postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), true, false, port);
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> {
			last[0] = service.get("/jobs/" + id);
			return last[0].path("status").asString().equals("SUCCEEDED")
					|| last[0].path("status").asString().equals("FAILED");
		});
		JsonNode job = last[0];
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("progress").path("trialsDone").asInt()).isEqualTo(20);
		List<String> asked = stubs.blackBoxPrompts.subList(before, stubs.blackBoxPrompts.size());
		assertThat(asked).as("nothing paid twice").doesNotHaveDuplicates();
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(asked.size());
	}

	@Test
	void aConstraintErrorFailsTheJobAtOnceWithItsSqlState() {
		JdbcClient db = JdbcClient.create(service.context().getBean(javax.sql.DataSource.class));
		db.sql("create table if not exists poisoned_job (id uuid primary key)").update();
		db.sql("""
				create or replace function refuse_poisoned_trial() returns trigger language plpgsql as $$
				begin
				  if exists (select 1 from poisoned_job where id = new.job_id) then
				    raise exception 'trial refused by the test' using errcode = '23514';
				  end if;
				  return new;
				end $$""").update();
		db.sql("drop trigger if exists refuse_poisoned_trial on trial").update();
		db.sql("create trigger refuse_poisoned_trial before insert on trial for each row "
				+ "execute function refuse_poisoned_trial()")
			.update();
		stubs.blackBoxDelayMs = 200;
		String id = service
			.post("/jobs", "{\"task\": " + StubLlms.taskJson(60, 0, 500)
					+ ", \"settings\": {\"initialTrials\": 4, \"batchSize\": 3, \"iterations\": 2, \"seed\": 19,"
					+ " \"maxGenerationsPerBatch\": 3}}", 202)
			.path("id")
			.asString();
		db.sql("insert into poisoned_job (id) values (?::uuid)").param(id).update();
		// a run that JobRunr retried instead would leave the job RUNNING: each retry
		// meets the refused insert again (the 2 min leave room for a slow machine; the
		// job fails within seconds)
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("FAILED");
		assertThat(job.path("error").asString()).contains("SQLState 23514").contains("trial refused by the test");
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(ledgerRows(id, "evaluation"))
			.isPositive();
	}

	private static long ledgerRows(String jobId, String purpose) {
		return JdbcClient.create(service.context().getBean(javax.sql.DataSource.class))
			.sql("select count(*) from paid_call where job_id = ?::uuid and purpose = ?")
			.params(jobId, purpose)
			.query(Long.class)
			.single();
	}

	private static List<String> concat(List<String> properties, String... more) {
		List<String> all = new java.util.ArrayList<>(properties);
		all.addAll(List.of(more));
		return all;
	}

}
