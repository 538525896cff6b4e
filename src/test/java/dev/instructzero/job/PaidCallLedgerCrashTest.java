package dev.instructzero.job;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.instructzero.InstructZeroApplication;
import dev.instructzero.support.ReplicaProcess;
import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica killed with SIGKILL mid-job loses no accounting: every black-box call whose
 * answer arrived, generation (APE) or evaluation, is in the job's ledger, and the job
 * resumed elsewhere pays for none of them again.
 */
class PaidCallLedgerCrashTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void aKilledReplicaLosesNoPaidCall() throws Exception {
		try (StubLlms stubs = StubLlms.start(this.dir)) {
			String database = TestDatabase.freshDatabaseUrl("ledger_crash");
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path log = this.dir.resolve("replica.log");
			// C1 only: the replica lives for seconds, it starts faster without C2
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
							"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
							InstructZeroApplication.class.getName(), "--server.port=" + port));
			command.addAll(RunningService.arguments(database, stubs.properties()));
			command.add("--instructzero.evaluator.max-concurrency=1");
			Process replica = ReplicaProcess.start(command, log);
			String id;
			try {
				HttpClient http = HttpClient.newHttpClient();
				String base = "http://127.0.0.1:" + port;
				ReplicaProcess.awaitHealthy(replica, base, log, Duration.ofMinutes(3), Duration.ofMillis(250));
				HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/jobs"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"task\": " + StubLlms.taskJson(60, 3)
							+ ", \"strategy\": \"ape\", \"settings\": {\"initialTrials\": 6, \"batchSize\": 3,"
							+ " \"iterations\": 2, \"seed\": 17}}"))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
				id = JSON.readTree(created.body()).path("id").asString();
				// after 8 answered calls (the first proposals and evaluations) the
				// black box refuses everything (503, Retry-After 60 s): the replica
				// waits, all answers it got are in
				await().atMost(Duration.ofMinutes(2)).until(() -> stubs.blackBoxPrompts.size() >= 8);
				stubs.overloadedFor = (prompt) -> true;
				await().atMost(Duration.ofMinutes(1)).until(() -> stubs.overloadedAnswers.get() >= 1);
				// the kill comes once the answers are in the ledger: a call's slot is
				// free
				// (and the refused call sent) while the answer before it is still being
				// written, and a kill then would lose it, as a real crash would
				JdbcClient ledger = JdbcClient.create(TestDatabase.dataSource(database));
				await().atMost(Duration.ofMinutes(1))
					.until(() -> ledger.sql("select count(*) from paid_call")
						.query(Long.class)
						.single() == stubs.blackBoxPrompts.size());
			}
			finally {
				replica.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
				replica.waitFor();
			}
			int answeredBeforeKill = stubs.blackBoxPrompts.size();
			stubs.overloadedFor = null;
			try (RunningService survivor = RunningService.start(database, stubs.properties())) {
				JsonNode job = awaitFinished(survivor, id, Duration.ofMinutes(3));
				assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
				assertThat(job.path("progress").path("trialsDone").asInt()).isEqualTo(12);
				assertThat(stubs.blackBoxPrompts.size()).isGreaterThan(answeredBeforeKill);
				// every answered call is in the ledger once: generations and
				// evaluations, before and after the kill
				assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(stubs.blackBoxPrompts.size());
				long proposals = stubs.blackBoxPrompts.stream()
					.filter((p) -> p.startsWith("I gave a friend an instruction"))
					.count();
				assertThat(proposals).as("one paid proposal per candidate").isEqualTo(12);
				List<String> evaluations = stubs.blackBoxPrompts.stream()
					.filter((p) -> !p.startsWith("I gave a friend an instruction"))
					.toList();
				assertThat(evaluations).as("no evaluation paid twice").doesNotHaveDuplicates();
			}
		}
	}

}
