package dev.instructzero.evaluator;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * Where the black box lives: Spring AI's {@code spring.ai.openai.base-url} (including
 * {@code /v1}; OpenAI's when absent) and {@code spring.ai.openai.api-key} (or the
 * {@code OPENAI_API_KEY} environment variable). The key is never logged:
 * {@link #toString()} masks it.
 *
 * @param baseUrl the OpenAI-compatible base URL, or {@code null}
 * @param apiKey the API key, or {@code null}
 */
public record BlackBoxEndpoint(@Nullable String baseUrl, @Nullable String apiKey) {

	/** Reads the endpoint from Spring AI's properties. */
	public static BlackBoxEndpoint fromEnvironment(Environment environment) {
		String apiKey = environment.getProperty("spring.ai.openai.api-key");
		if (apiKey == null || apiKey.isBlank()) {
			apiKey = environment.getProperty("OPENAI_API_KEY");
		}
		return new BlackBoxEndpoint(environment.getProperty("spring.ai.openai.base-url"), apiKey);
	}

	/**
	 * Whether jobs can be scored: an API key is set, or a base URL of a server that may
	 * need none (a local vLLM, for instance).
	 */
	public boolean isConfigured() {
		return (this.apiKey != null && !this.apiKey.isBlank()) || (this.baseUrl != null && !this.baseUrl.isBlank());
	}

	@Override
	public String toString() {
		return "BlackBoxEndpoint[baseUrl=" + this.baseUrl + ", apiKey="
				+ ((this.apiKey == null || this.apiKey.isBlank()) ? "<none>" : "<set>") + "]";
	}

}
