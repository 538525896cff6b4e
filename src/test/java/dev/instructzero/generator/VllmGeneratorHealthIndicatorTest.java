package dev.instructzero.generator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

class VllmGeneratorHealthIndicatorTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final WireMockServer vllm = new WireMockServer(options().dynamicPort());

	@TempDir
	Path checkpoint;

	@BeforeEach
	void start() {
		this.vllm.start();
	}

	@AfterEach
	void stop() {
		this.vllm.stop();
	}

	private Health health(String apiKey) {
		return health(this.vllm.baseUrl(), apiKey);
	}

	private Health health(String baseUrl, String apiKey) {
		VllmClient client = new VllmClient(TestProperties.vllm(baseUrl, apiKey), TestProperties.retry(3), json,
				new RecordingSleeper());
		return new VllmGeneratorHealthIndicator(client,
				new CheckpointEmbeddings(this.checkpoint, TestCheckpoints.EMBED, json), Duration.ZERO, System::nanoTime)
			.health();
	}

	private void serve(String model) {
		this.vllm.stubFor(get(urlEqualTo("/v1/models"))
			.willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"" + model + "\",\"object\":\"model\"}]}")));
	}

	@Test
	void isUpWhenTheTableMapsAndTheModelIsServed() throws Exception {
		TestCheckpoints.writeSafetensors(this.checkpoint.resolve("model.safetensors"),
				Map.of(TestCheckpoints.EMBED, TestCheckpoints.randomTable(TensorDtype.F16, 10, 4, 1)));
		serve("vicuna-test");

		Health health = health("s3cret");

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails().get("embeddingTable").toString()).contains("[10, 4] F16");
		assertThat(health.getDetails().toString()).doesNotContain("s3cret");
	}

	@Test
	void isDownNamingTheCheckpointProblem() {
		serve("vicuna-test");

		Health health = health(null);

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("checkpoint").toString()).contains(this.checkpoint.toString())
			.contains(TestCheckpoints.EMBED);
	}

	@Test
	void isDownWhenTheModelIsNotServedOrVllmIsUnreachable() throws Exception {
		TestCheckpoints.writeSafetensors(this.checkpoint.resolve("model.safetensors"),
				Map.of(TestCheckpoints.EMBED, TestCheckpoints.randomTable(TensorDtype.F16, 10, 4, 1)));
		serve("llama-other");
		assertThat(health(null).getStatus()).isEqualTo(Status.DOWN);
		assertThat(health(null).getDetails().get("vllm").toString()).contains("vicuna-test not served");

		String baseUrl = this.vllm.baseUrl();
		this.vllm.stop();
		Health unreachable = health(baseUrl, null);
		assertThat(unreachable.getStatus()).isEqualTo(Status.DOWN);
		assertThat(unreachable.getDetails().get("vllm").toString()).startsWith("unreachable");
	}

	@Test
	void checksOnceWithoutRetrying() {
		health(null);
		this.vllm.verify(1, getRequestedFor(urlEqualTo("/v1/models")));
	}

	@Test
	void probesVllmOncePerTtlHoweverManyHealthRequests() throws Exception {
		TestCheckpoints.writeSafetensors(this.checkpoint.resolve("model.safetensors"),
				Map.of(TestCheckpoints.EMBED, TestCheckpoints.randomTable(TensorDtype.F16, 10, 4, 1)));
		serve("vicuna-test");
		long[] clock = { 0 };
		VllmClient client = new VllmClient(TestProperties.vllm(this.vllm.baseUrl(), null), TestProperties.retry(3),
				json, new RecordingSleeper());
		VllmGeneratorHealthIndicator indicator = new VllmGeneratorHealthIndicator(client,
				new CheckpointEmbeddings(this.checkpoint, TestCheckpoints.EMBED, json), Duration.ofSeconds(30),
				() -> clock[0]);

		List<Future<Health>> checks = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 50; i++) {
				checks.add(threads.submit(() -> indicator.health()));
			}
		}
		for (Future<Health> check : checks) {
			assertThat(check.get().getStatus()).isEqualTo(Status.UP);
		}
		this.vllm.verify(1, getRequestedFor(urlEqualTo("/v1/models")));

		clock[0] += Duration.ofSeconds(29).toNanos();
		indicator.health();
		this.vllm.verify(1, getRequestedFor(urlEqualTo("/v1/models")));

		// after the TTL the next request probes again, and sees vLLM gone
		clock[0] += Duration.ofSeconds(1).toNanos();
		this.vllm.stop();
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
	}

}
