package dev.instructzero.generator;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the soft-prompt instruction generator ({@code instructzero.generator.*}).
 *
 * @param vllm the vLLM server that serves the open-source model with
 * {@code --enable-prompt-embeds}
 * @param checkpointDir the checkpoint directory vLLM serves (its input-embedding table is
 * read from here); {@code null} when not configured
 */
@Validated
@ConfigurationProperties("instructzero.generator")
public record GeneratorProperties(@DefaultValue Vllm vllm, Path checkpointDir) {

	/**
	 * @param baseUrl e.g. {@code http://vllm:8000}; {@code null} when not configured
	 * @param model the served model name
	 * @param apiKey optional bearer token
	 */
	public record Vllm(String baseUrl, String model, String apiKey) {
	}

	/** Whether both the vLLM endpoint and the checkpoint are configured. */
	public boolean isConfigured() {
		return this.vllm.baseUrl() != null && !this.vllm.baseUrl().isBlank() && this.vllm.model() != null
				&& !this.vllm.model().isBlank() && this.checkpointDir != null;
	}

}
