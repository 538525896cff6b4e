package dev.instructzero.generator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the soft-prompt instruction generator ({@code instructzero.generator.*}).
 *
 * @param vllm the vLLM server that serves the open-source model with
 * {@code --enable-prompt-embeds}
 * @param checkpointDir the checkpoint directory vLLM serves (its input-embedding table is
 * read from here); {@code null} when not configured
 * @param embeddingTensor name of the input-embedding table [vocab, hidden] in the
 * checkpoint
 * @param dtype element type of the {@code prompt_embeds} sent to vLLM; {@code null} means
 * the dtype of the checkpoint's embedding table
 * @param retry how transient vLLM faults are retried
 * @param prompt the text put after the soft prompt
 * @param projection how the random projection A is drawn
 * @param ape the APE baseline generator
 * @param models further generators by name ({@code models[<name>]}), in configuration
 * order; each shares the settings above (timeouts, retry, projection, demo template) and
 * overrides endpoint, checkpoint, dtype and prompt template. The single generator
 * configured by {@code vllm} and {@code checkpoint-dir} is named
 * {@value #DEFAULT_MODEL_NAME} and comes first.
 */
@Validated
@ConfigurationProperties("instructzero.generator")
public record GeneratorProperties(@DefaultValue @Valid Vllm vllm, @Nullable Path checkpointDir,
		@DefaultValue("model.embed_tokens.weight") @NotBlank String embeddingTensor, @Nullable TensorDtype dtype,
		@DefaultValue @Valid Retry retry, @DefaultValue @Valid Prompt prompt,
		@DefaultValue @Valid Projection projection, @DefaultValue @Valid Ape ape,
		@DefaultValue @Valid Map<String, Model> models) {

	/** Name of the generator configured by {@code vllm} and {@code checkpoint-dir}. */
	public static final String DEFAULT_MODEL_NAME = "default";

	@ConstructorBinding
	public GeneratorProperties {
		// configuration order decides which generator is the default
		models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
	}

	/** A configuration with the single generator only. */
	public GeneratorProperties(Vllm vllm, Path checkpointDir, String embeddingTensor, TensorDtype dtype, Retry retry,
			Prompt prompt, Projection projection, Ape ape) {
		this(vllm, checkpointDir, embeddingTensor, dtype, retry, prompt, projection, ape, Map.of());
	}

	/**
	 * One more generator ({@code instructzero.generator.models[<name>].*}).
	 *
	 * @param baseUrl its vLLM server root
	 * @param model the served model name
	 * @param apiKey optional bearer token (never logged)
	 * @param checkpointDir the checkpoint directory that server serves
	 * @param embeddingTensor its input-embedding table; {@code null} means the shared
	 * {@code embedding-tensor}
	 * @param dtype dtype of its {@code prompt_embeds}; {@code null} means the table's
	 * @param promptTemplate its text for the {@code chat} style, with {@code [DEMOS]}
	 * (another model's chat format); {@code null} means the shared
	 * {@code prompt.template}
	 * @param completionTemplate its text for the {@code completion} style; {@code null}
	 * means the shared one
	 */
	public record Model(@NotBlank String baseUrl, @NotBlank String model, @Nullable String apiKey,
			@NotNull Path checkpointDir, @Nullable String embeddingTensor, @Nullable TensorDtype dtype,
			@Nullable String promptTemplate, @Nullable String completionTemplate) {

		@Override
		public String toString() {
			return "Model[baseUrl=" + this.baseUrl + ", model=" + this.model + ", apiKey="
					+ ((this.apiKey != null) ? "***" : "null") + ", checkpointDir=" + this.checkpointDir + "]";
		}

	}

	/**
	 * The settings of one named generator: this configuration with its endpoint,
	 * checkpoint, dtype and templates.
	 */
	public GeneratorProperties forModel(Model model) {
		Vllm endpoint = new Vllm(model.baseUrl(), model.model(), model.apiKey(), this.vllm.connectTimeout(),
				this.vllm.readTimeout(), this.vllm.maxTokens(), this.vllm.healthCacheTtl());
		Prompt text = new Prompt((model.promptTemplate() != null) ? model.promptTemplate() : this.prompt.template(),
				(model.completionTemplate() != null) ? model.completionTemplate() : this.prompt.completionTemplate(),
				this.prompt.demoTemplate(), this.prompt.demoSeparator());
		return new GeneratorProperties(endpoint, model.checkpointDir(),
				(model.embeddingTensor() != null) ? model.embeddingTensor() : this.embeddingTensor, model.dtype(),
				this.retry, text, this.projection, this.ape, Map.of());
	}

	/**
	 * The vLLM endpoint.
	 *
	 * @param baseUrl e.g. {@code http://vllm:8000}; {@code null} when not configured
	 * @param model the served model name
	 * @param apiKey optional bearer token (never logged)
	 * @param connectTimeout TCP connect timeout
	 * @param readTimeout time to wait for a reply (a completion of 128 tokens on a busy
	 * GPU can take tens of seconds)
	 * @param maxTokens new tokens per generated instruction ({@code max_tokens}) for
	 * every prompt style; {@code null} (default) means each style's own
	 * ({@link PromptStyle#defaultMaxTokens()}: 128 chat, 64 completion)
	 * @param healthCacheTtl how long the health indicator reuses its last probe of vLLM
	 * and the checkpoint, so health requests cost at most one outbound call per TTL
	 */
	public record Vllm(@Nullable String baseUrl, @Nullable String model, @Nullable String apiKey,
			@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("120s") @NotNull Duration readTimeout,
			@Min(1) @Nullable Integer maxTokens, @DefaultValue("30s") @NotNull Duration healthCacheTtl) {

		/** New tokens for a style: the configured override, else the style's default. */
		public int maxTokens(PromptStyle style) {
			return (this.maxTokens != null) ? this.maxTokens : style.defaultMaxTokens();
		}

		@Override
		public String toString() {
			// the key must never reach a log line
			return "Vllm[baseUrl=" + this.baseUrl + ", model=" + this.model + ", apiKey="
					+ ((this.apiKey != null) ? "***" : "null") + ", connectTimeout=" + this.connectTimeout
					+ ", readTimeout=" + this.readTimeout + ", maxTokens=" + this.maxTokens + ", healthCacheTtl="
					+ this.healthCacheTtl + "]";
		}

	}

	/**
	 * Capped exponential backoff for connection failures, timeouts, 5xx and 429.
	 *
	 * @param maxAttempts attempts in total, including the first
	 * @param initialBackoff wait before the second attempt
	 * @param multiplier growth of the wait per attempt
	 * @param maxBackoff cap of any single wait, including a server's {@code Retry-After}
	 */
	public record Retry(@DefaultValue("4") @Min(1) int maxAttempts,
			@DefaultValue("1s") @NotNull Duration initialBackoff,
			@DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
			@DefaultValue("30s") @NotNull Duration maxBackoff) {
	}

	/**
	 * The text after the soft prompt, one template per {@link PromptStyle}. Placeholders:
	 * {@code [DEMOS]} in the templates, {@code [INPUT]} and {@code [OUTPUT]} in
	 * {@code demoTemplate}.
	 *
	 * @param template the whole text of the {@code chat} style (default: the Vicuna v1.1
	 * chat text of the reference's final code); the property kept its name from before
	 * there were styles, when it held the chat text
	 * @param completionTemplate the whole text of the {@code completion} style (default:
	 * the plain text of the reference's first code)
	 * @param demoTemplate one exemplar
	 * @param demoSeparator between exemplars
	 */
	public record Prompt(@DefaultValue(DEFAULT_TEMPLATE) @NotBlank String template,
			@DefaultValue(DEFAULT_COMPLETION_TEMPLATE) @NotBlank String completionTemplate,
			@DefaultValue(DEFAULT_DEMO_TEMPLATE) @NotBlank String demoTemplate,
			@DefaultValue(DEFAULT_DEMO_SEPARATOR) String demoSeparator) {

		/**
		 * InstructZero's final Vicuna v1.1 text, question mark included; see
		 * shared/instructzero-reference.md.
		 */
		public static final String DEFAULT_TEMPLATE = "A chat between a curious user and an artificial intelligence assistant. "
				+ "The assistant gives helpful, detailed, and polite answers to the user's questions. "
				+ "USER:\n[DEMOS]\n\nThe instruction was to? ASSISTANT:";

		/**
		 * InstructZero's first text: no chat template, the model continues the sentence.
		 */
		public static final String DEFAULT_COMPLETION_TEMPLATE = "\n[DEMOS]\n\nThe instruction was to";

		/** One exemplar, as in APE and InstructZero. */
		public static final String DEFAULT_DEMO_TEMPLATE = "Input: [INPUT]\nOutput: [OUTPUT]";

		/** Between two exemplars. */
		public static final String DEFAULT_DEMO_SEPARATOR = "\n\n";

		/** The reference's texts. */
		public static Prompt defaults() {
			return new Prompt(DEFAULT_TEMPLATE, DEFAULT_COMPLETION_TEMPLATE, DEFAULT_DEMO_TEMPLATE,
					DEFAULT_DEMO_SEPARATOR);
		}

		/** The whole text of a style, with its {@code [DEMOS]} placeholder. */
		public String template(PromptStyle style) {
			return switch (style) {
				case CHAT -> this.template;
				case COMPLETION -> this.completionTemplate;
			};
		}

	}

	/**
	 * How the random projection A is drawn.
	 *
	 * @param kind uniform [-1, 1] (paper) or normal with std = alpha·std(E)/√d
	 * @param alpha scale of the normal projection
	 */
	public record Projection(@DefaultValue("uniform") @NotNull ProjectionKind kind,
			@DefaultValue("1.0") @DecimalMin(value = "0.0", inclusive = false) double alpha) {
	}

	/**
	 * The APE baseline: the chat model itself proposes instructions from exemplars.
	 *
	 * @param model chat model name; {@code null} means the chat model's default (the
	 * black-box model)
	 * @param temperature sampling temperature (APE samples, so not 0)
	 * @param maxTokens tokens per proposal
	 * @param template APE forward template with a {@code [full_DEMO]} placeholder
	 */
	public record Ape(@Nullable String model,
			@DefaultValue("0.9") @DecimalMin("0.0") @DecimalMax("2.0") double temperature,
			@DefaultValue("64") @Min(1) int maxTokens, @DefaultValue(DEFAULT_TEMPLATE) @NotBlank String template) {

		/** APE's forward template (Zhou et al. 2022), as quoted in the reference. */
		public static final String DEFAULT_TEMPLATE = "I gave a friend an instruction and five inputs. "
				+ "The friend read the instruction and wrote an output for every one of the inputs. "
				+ "Here are the input-output pairs:\n\n[full_DEMO]\n\nThe instruction was to";

	}

	/** Whether both the vLLM endpoint and the checkpoint are configured. */
	public boolean isConfigured() {
		return this.vllm.baseUrl() != null && !this.vllm.baseUrl().isBlank() && this.vllm.model() != null
				&& !this.vllm.model().isBlank() && this.checkpointDir != null;
	}

}
