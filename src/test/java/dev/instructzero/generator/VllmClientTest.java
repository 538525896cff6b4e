package dev.instructzero.generator;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VllmClientTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String COMPLETION = "{\"choices\":[{\"text\":\" sort the words.\"}]}";

	private final WireMockServer vllm = new WireMockServer(options().dynamicPort());

	private final RecordingSleeper sleeper = new RecordingSleeper();

	@BeforeEach
	void start() {
		this.vllm.start();
	}

	@AfterEach
	void stop() {
		this.vllm.stop();
	}

	private VllmClient client(int maxAttempts) {
		return new VllmClient(TestProperties.vllm(this.vllm.baseUrl(), null), TestProperties.retry(maxAttempts), json,
				this.sleeper);
	}

	private void stubFailuresThenSuccess(int failures,
			com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
		String state = Scenario.STARTED;
		for (int i = 1; i <= failures; i++) {
			this.vllm.stubFor(post(urlEqualTo("/v1/completions")).inScenario("flaky")
				.whenScenarioStateIs(state)
				.willReturn(failure)
				.willSetStateTo("failed " + i));
			state = "failed " + i;
		}
		this.vllm.stubFor(post(urlEqualTo("/v1/completions")).inScenario("flaky")
			.whenScenarioStateIs(state)
			.willReturn(okJson(COMPLETION)));
	}

	@Test
	void retriesServerErrorsWithExponentialBackoffThenSucceeds() {
		stubFailuresThenSuccess(2, aResponse().withStatus(503).withBody("busy"));

		assertThat(client(4).complete("QUJD", 64)).isEqualTo(" sort the words.");

		this.vllm.verify(3, postRequestedFor(urlEqualTo("/v1/completions")));
		assertThat(this.sleeper.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
	}

	@Test
	void capsTheBackoffAndGivesUpAfterMaxAttempts() {
		this.vllm.stubFor(post(urlEqualTo("/v1/completions")).willReturn(aResponse().withStatus(500)));

		assertThatExceptionOfType(GenerationFailedException.class).isThrownBy(() -> client(4).complete("QUJD", 64))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(GenerationFailedException.Reason.UNAVAILABLE);
				assertThat(ex.isTransient()).isTrue();
				assertThat(ex.attempts()).isEqualTo(4);
			})
			.withMessageContaining("after 4 attempts")
			.withMessageContaining("HTTP 500");
		this.vllm.verify(4, postRequestedFor(urlEqualTo("/v1/completions")));
		// 10, 20, then 40 capped at 35
		assertThat(this.sleeper.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20),
				Duration.ofMillis(35));
	}

	@Test
	void honoursRetryAfterOfA429UpToTheCap() {
		stubFailuresThenSuccess(1, aResponse().withStatus(429).withHeader("Retry-After", "0"));
		assertThat(client(3).complete("QUJD", 64)).isEqualTo(" sort the words.");
		assertThat(this.sleeper.waits).containsExactly(Duration.ZERO);

		this.vllm.resetAll();
		this.sleeper.waits.clear();
		stubFailuresThenSuccess(1, aResponse().withStatus(429).withHeader("Retry-After", "120"));
		assertThat(client(3).complete("QUJD", 64)).isEqualTo(" sort the words.");
		assertThat(this.sleeper.waits).containsExactly(Duration.ofMillis(35));
	}

	@Test
	void doesNotRetryABadRequestAndKeepsItsMessage() {
		this.vllm.stubFor(post(urlEqualTo("/v1/completions")).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"object\":\"error\",\"message\":\"prompt_embeds must be a 2-D tensor\",\"type\":"
					+ "\"BadRequestError\",\"param\":null,\"code\":400}")));

		assertThatExceptionOfType(GenerationFailedException.class).isThrownBy(() -> client(4).complete("QUJD", 64))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(GenerationFailedException.Reason.REJECTED);
				assertThat(ex.isTransient()).isFalse();
			})
			.withMessageContaining("400")
			.withMessageContaining("prompt_embeds must be a 2-D tensor");
		this.vllm.verify(1, postRequestedFor(urlEqualTo("/v1/completions")));
		assertThat(this.sleeper.waits).isEmpty();
	}

	@Test
	void retriesConnectionResets() {
		stubFailuresThenSuccess(1, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

		assertThat(client(3).complete("QUJD", 64)).isEqualTo(" sort the words.");
		this.vllm.verify(2, postRequestedFor(urlEqualTo("/v1/completions")));
	}

	@Test
	void retriesReadTimeouts() {
		this.vllm.stubFor(post(urlEqualTo("/v1/completions")).willReturn(okJson(COMPLETION).withFixedDelay(1500)));
		GeneratorProperties.Vllm impatient = new GeneratorProperties.Vllm(this.vllm.baseUrl(), "vicuna-test", null,
				Duration.ofSeconds(1), Duration.ofMillis(200), 64, Duration.ofSeconds(30));
		VllmClient client = new VllmClient(impatient, TestProperties.retry(2), json, this.sleeper);

		assertThatExceptionOfType(GenerationFailedException.class).isThrownBy(() -> client.complete("QUJD", 64))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(GenerationFailedException.Reason.UNAVAILABLE))
			.withMessageContaining("after 2 attempts");
		this.vllm.verify(2, postRequestedFor(urlEqualTo("/v1/completions")));
	}

	@Test
	void givesUpOnARefusedConnection() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		VllmClient client = new VllmClient(TestProperties.vllm("http://localhost:" + port, null),
				TestProperties.retry(3), json, this.sleeper);

		assertThatExceptionOfType(GenerationFailedException.class).isThrownBy(() -> client.tokenize("hi"))
			.satisfies((ex) -> assertThat(ex.attempts()).isEqualTo(3))
			.withMessageContaining("unavailable for POST /tokenize after 3 attempts");
		assertThat(this.sleeper.waits).hasSize(2);
	}

	@Test
	void sendsTheBearerKeyOnlyWhenConfigured() {
		this.vllm.stubFor(post(urlEqualTo("/v1/completions")).willReturn(okJson(COMPLETION)));
		new VllmClient(TestProperties.vllm(this.vllm.baseUrl(), "s3cret"), TestProperties.retry(1), json, this.sleeper)
			.complete("QUJD", 64);
		client(1).complete("QUJD", 64);

		this.vllm.verify(1,
				postRequestedFor(urlEqualTo("/v1/completions")).withHeader("Authorization", equalTo("Bearer s3cret")));
		this.vllm.verify(1, postRequestedFor(urlEqualTo("/v1/completions")).withHeader("Authorization", absent()));
		assertThat(TestProperties.vllm("http://x", "s3cret").toString()).doesNotContain("s3cret");
	}

	@Test
	void reportsAReplyWithoutTextAsBadResponse() {
		this.vllm.stubFor(post(urlEqualTo("/v1/completions")).willReturn(okJson("{\"choices\":[]}")));
		assertThatExceptionOfType(GenerationFailedException.class).isThrownBy(() -> client(3).complete("QUJD", 64))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(GenerationFailedException.Reason.BAD_RESPONSE));
		this.vllm.verify(1, postRequestedFor(urlEqualTo("/v1/completions")));
	}

	@Test
	void listsServedModels() {
		this.vllm.stubFor(get(urlEqualTo("/v1/models"))
			.willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"vicuna-test\",\"object\":\"model\"}]}")));
		assertThat(client(1).models()).containsExactly("vicuna-test");
	}

}
