package dev.instructzero.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.jayway.jsonpath.JsonPath;
import dev.instructzero.support.TestClients;
import dev.instructzero.InstructZeroApplication;
import dev.instructzero.support.TestDatabase;
import dev.instructzero.task.Metric;
import dev.instructzero.task.TaskRequest;
import dev.instructzero.task.TaskService;
import dev.instructzero.web.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service stops while a callback is in flight (the receiver has not answered yet):
 * the service started again on the same database delivers it again, so the receiver gets
 * it at least once with a valid signature.
 */
class CallbackRestartTest {

	static final String SECRET = "restart-secret";

	final CallbackReceiver receiver = CallbackReceiver.start("/hook");

	final String database = TestDatabase.freshDatabaseUrl("callback_restart_" + ProcessHandle.current().pid());

	@AfterEach
	void stop() {
		this.receiver.close();
		SecurityContextHolder.clearContext();
	}

	@Test
	void redeliversACallbackThatWasInFlightWhenTheServiceStopped() {
		// the first delivery hangs until the service is gone; the next one is
		// acknowledged
		this.receiver.answers(aResponse().withStatus(200).withFixedDelay(60_000), aResponse().withStatus(200));
		String url = this.receiver.url();

		UUID jobId;
		ConfigurableApplicationContext first = start();
		try {
			SecurityContextHolder.getContext()
				.setAuthentication(
						UsernamePasswordAuthenticationToken.authenticated(new Caller("team", false), null, List.of()));
			UUID taskId = first.getBean(TaskService.class)
				.create(new TaskRequest("restart", null, Metric.EXACT_MATCH,
						List.of(new TaskRequest.ExampleRequest("a", "b", null),
								new TaskRequest.ExampleRequest("c", "d", null)),
						null), "")
				.id();
			JobService jobs = first.getBean(JobService.class);
			jobId = jobs.create(new CreateJobRequest(taskId, null, Strategy.APE, null, null, null, url)).id();
			jobs.cancel(jobId);
			await().atMost(Duration.ofSeconds(30)).until(() -> this.receiver.received().size() == 1);
		}
		finally {
			first.close();
		}

		try (ConfigurableApplicationContext second = start()) {
			JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> "DELIVERED".equals(jdbc
					.queryForObject("select state from callback_delivery where job_id = ?", String.class, jobId)));
			Map<String, Object> delivery = jdbc.queryForMap("select * from callback_delivery where job_id = ?", jobId);
			assertThat(delivery.get("delivered_at")).isNotNull();
		}
		List<LoggedRequest> received = this.receiver.received();
		assertThat(received).hasSizeGreaterThanOrEqualTo(2);
		for (LoggedRequest request : received) {
			assertThat((String) JsonPath.read(request.getBodyAsString(), "$.job.id")).isEqualTo(jobId.toString());
			assertThat(request.getHeader("X-InstructZero-Signature"))
				.isEqualTo(CallbackReceiver.expectedSignatureHeader(SECRET, request));
		}
	}

	private ConfigurableApplicationContext start() {
		TestDatabase.Connection db = TestDatabase.get();
		return new SpringApplicationBuilder(InstructZeroApplication.class).run(
				"--spring.datasource.url=" + this.database, "--spring.datasource.username=" + db.username(),
				"--spring.datasource.password=" + db.password(), "--server.port=0",
				"--jobrunr.background-job-server.enabled=false", "--spring.ai.openai.api-key=test-key",
				"--instructzero.security.clients.team.token-sha256=" + TestClients.sha256("team-token"),
				"--instructzero.security.clients.team.callback-secret=" + SECRET,
				"--instructzero.callbacks.allowed-hosts=localhost", "--instructzero.callbacks.poll-interval=100ms",
				"--instructzero.callbacks.initial-backoff=100ms", "--instructzero.callbacks.timeout=45s",
				// the stop does not wait the default 30 s for the hanging delivery
				"--spring.lifecycle.timeout-per-shutdown-phase=1s");
	}

}
