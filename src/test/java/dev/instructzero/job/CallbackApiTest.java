package dev.instructzero.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.jayway.jsonpath.JsonPath;
import dev.instructzero.support.IntegrationTest;
import dev.instructzero.support.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A job's end is POSTed to its callback URL, signed with its client's secret, and retried
 * after a failed attempt; a URL outside the allow-list is refused.
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.ai.openai.api-key=test-key", "instructzero.evaluator.default-model=gpt-test",
		"instructzero.callbacks.allowed-hosts=localhost", "instructzero.callbacks.poll-interval=100ms",
		"instructzero.callbacks.initial-backoff=100ms", "instructzero.callbacks.max-attempts=3" })
class CallbackApiTest {

	static final String CLIENT = "hooked";

	static final String SECRET = "whsec-test-" + System.nanoTime();

	static final CallbackReceiver RECEIVER = CallbackReceiver.start("/hooks/iz");

	@DynamicPropertySource
	static void client(DynamicPropertyRegistry registry) {
		registry.add("instructzero.security.clients." + CLIENT + ".token-sha256",
				() -> TestClients.sha256(TestClients.token(CLIENT)));
		registry.add("instructzero.security.clients." + CLIENT + ".callback-secret", () -> SECRET);
		registry.add("instructzero.security.clients.unsigned.token-sha256",
				() -> TestClients.sha256(TestClients.token("unsigned")));
	}

	@AfterAll
	static void stopReceiver() {
		RECEIVER.close();
	}

	@Autowired
	MockMvc mvc;

	String task(String client) throws Exception {
		String body = this.mvc
			.perform(TestClients
				.as(client, org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/tasks"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(ClientAccessTest.TASK))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(body, "$.id");
	}

	org.springframework.test.web.servlet.ResultActions postJob(String client, String json) throws Exception {
		return this.mvc.perform(TestClients
			.as(client, org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/jobs"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	@Test
	void refusesCallbackUrlsOutsideTheAllowListOrWithoutASecret() throws Exception {
		String task = task(CLIENT);
		postJob(CLIENT,
				"{\"taskId\": \"" + task + "\", \"strategy\": \"ape\", "
						+ "\"callbackUrl\": \"http://evil.example/hook\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("callbackUrl"));
		postJob(CLIENT,
				"{\"taskId\": \"" + task + "\", \"strategy\": \"ape\", \"callbackUrl\": \"file:///etc/passwd\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("callbackUrl"));
		String unsignedTask = task("unsigned");
		postJob("unsigned",
				"{\"taskId\": \"" + unsignedTask + "\", \"strategy\": \"ape\", "
						+ "\"callbackUrl\": \"http://localhost:1/hook\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("callbackUrl"));
	}

	@Test
	void postsASignedSummaryWhenTheJobEndsAndRetriesAfterAFailure() throws Exception {
		RECEIVER.answers(aResponse().withStatus(503), aResponse().withStatus(204));
		String task = task(CLIENT);
		String url = RECEIVER.url();
		String body = postJob(CLIENT,
				"{\"taskId\": \"" + task + "\", \"strategy\": \"ape\", \"callbackUrl\": \"" + url + "\"}")
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.callback.url").value(url))
			.andExpect(jsonPath("$.callback.delivery").value("WAITING"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = JsonPath.read(body, "$.id");
		this.mvc.perform(TestClients.as(CLIENT,
				org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/jobs/" + id + "/cancel")))
			.andExpect(status().isAccepted());

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.mvc.perform(TestClients.as(CLIENT, get("/jobs/" + id)))
				.andExpect(jsonPath("$.callback.delivery").value("DELIVERED"))
				.andExpect(jsonPath("$.callback.attempts").value(2))
				.andExpect(jsonPath("$.callback.deliveredAt").isString()));

		List<LoggedRequest> received = RECEIVER.received();
		assertThat(received).hasSize(2);
		for (LoggedRequest request : received) {
			String timestamp = request.getHeader("X-InstructZero-Timestamp");
			String payload = request.getBodyAsString();
			// the receiver's check: recompute the HMAC over "<timestamp>.<body>" with the
			// secret
			assertThat(request.getHeader("X-InstructZero-Signature"))
				.isEqualTo(CallbackReceiver.expectedSignatureHeader(SECRET, request));
			assertThat(Duration.between(Instant.ofEpochSecond(Long.parseLong(timestamp)), Instant.now()).abs())
				.isLessThan(Duration.ofMinutes(5));
			assertThat((String) JsonPath.read(payload, "$.event")).isEqualTo("job.ended");
			assertThat((String) JsonPath.read(payload, "$.job.id")).isEqualTo(id);
			assertThat((String) JsonPath.read(payload, "$.job.status")).isEqualTo("CANCELLED");
			assertThat((String) JsonPath.read(payload, "$.job.owner")).isEqualTo(CLIENT);
			assertThat(payload).contains("\"best\":null").doesNotContain(SECRET);
		}
		// a tampered body does not verify
		LoggedRequest first = received.get(0);
		assertThat(CallbackReceiver.expectedSignature(SECRET, first.getHeader("X-InstructZero-Timestamp"),
				first.getBodyAsString().replace("CANCELLED", "SUCCEEDED")))
			.isNotEqualTo(first.getHeader("X-InstructZero-Signature").substring(3));
	}

}
