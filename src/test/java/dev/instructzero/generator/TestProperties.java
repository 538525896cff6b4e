package dev.instructzero.generator;

import java.nio.file.Path;
import java.time.Duration;

/** GeneratorProperties with the documented defaults, tiny backoffs and short timeouts. */
final class TestProperties {

	private TestProperties() {
	}

	static GeneratorProperties.Vllm vllm(String baseUrl, String apiKey) {
		return vllm(baseUrl, apiKey, null);
	}

	static GeneratorProperties.Vllm vllm(String baseUrl, String apiKey, Integer maxTokens) {
		return new GeneratorProperties.Vllm(baseUrl, "vicuna-test", apiKey, Duration.ofSeconds(2),
				Duration.ofSeconds(5), maxTokens, Duration.ofSeconds(30));
	}

	static GeneratorProperties.Retry retry(int maxAttempts) {
		return new GeneratorProperties.Retry(maxAttempts, Duration.ofMillis(10), 2.0, Duration.ofMillis(35));
	}

	static GeneratorProperties properties(String baseUrl, Path checkpoint, TensorDtype dtype,
			GeneratorProperties.Projection projection) {
		return new GeneratorProperties(vllm(baseUrl, null), checkpoint, TestCheckpoints.EMBED, dtype, retry(3),
				GeneratorProperties.Prompt.defaults(), projection, ape());
	}

	static GeneratorProperties.Projection uniform() {
		return new GeneratorProperties.Projection(ProjectionKind.UNIFORM, 1.0);
	}

	static GeneratorProperties.Ape ape() {
		return new GeneratorProperties.Ape(null, 0.9, 64, GeneratorProperties.Ape.DEFAULT_TEMPLATE);
	}

}
