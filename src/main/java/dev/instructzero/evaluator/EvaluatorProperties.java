package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the black-box evaluator ({@code instructzero.evaluator.*}). The endpoint
 * and key of the OpenAI-compatible server are Spring AI's
 * {@code spring.ai.openai.base-url} (with {@code /v1}) and
 * {@code spring.ai.openai.api-key}; Spring AI's and the OpenAI SDK's own retries are
 * switched off for the evaluator, whose retry policy is the one below.
 *
 * @param defaultModel the black-box model a job uses when it names none
 * @param allowedModels the models a job may name; the default model is always allowed
 * @param maxConcurrency global limit of parallel black-box calls (all jobs together)
 * @param maxTokens completion token limit of each call (the paper's 256)
 * @param temperature sampling temperature sent with each call (the paper's 0)
 * @param modelsWithoutTemperature models that reject a temperature parameter (e.g.
 * reasoning models): the parameter is omitted for them
 * @param modelsWithMaxCompletionTokens models that reject {@code max_tokens} and need
 * {@code max_completion_tokens} instead
 * @param requestTimeout timeout of one HTTP attempt
 * @param maxAttempts attempts per call on 429, 408/409, 5xx and timeouts (1 = no retry)
 * @param initialBackoff first wait before a retry when the server sends no Retry-After
 * @param maxBackoff cap of the exponential backoff
 * @param maxRetryAfter the longest Retry-After the evaluator waits for; a longer one
 * fails the call instead of stalling the job
 * @param rateLimits optional per-model limits, keyed by model name (use
 * {@code rate-limits[gpt-3.5-turbo].requests-per-minute} for names with dots)
 */
@Validated
@ConfigurationProperties("instructzero.evaluator")
public record EvaluatorProperties(@DefaultValue("gpt-3.5-turbo") @NotBlank String defaultModel,
		@DefaultValue List<String> allowedModels, @DefaultValue("16") @Min(1) int maxConcurrency,
		@DefaultValue("256") @Min(1) int maxTokens, @DefaultValue("0") Double temperature,
		@DefaultValue List<String> modelsWithoutTemperature, @DefaultValue List<String> modelsWithMaxCompletionTokens,
		@DefaultValue("60s") @NotNull Duration requestTimeout, @DefaultValue("5") @Min(1) int maxAttempts,
		@DefaultValue("1s") @NotNull Duration initialBackoff, @DefaultValue("30s") @NotNull Duration maxBackoff,
		@DefaultValue("120s") @NotNull Duration maxRetryAfter, @DefaultValue @Valid Map<String, RateLimit> rateLimits) {

	@ConstructorBinding
	public EvaluatorProperties {
		allowedModels = List.copyOf(allowedModels);
		modelsWithoutTemperature = List.copyOf(modelsWithoutTemperature);
		modelsWithMaxCompletionTokens = List.copyOf(modelsWithMaxCompletionTokens);
		rateLimits = Map.copyOf(rateLimits);
	}

	/** The defaults, with the given model, allow list and concurrency. */
	public EvaluatorProperties(String defaultModel, List<String> allowedModels, int maxConcurrency) {
		this(defaultModel, allowedModels, maxConcurrency, 256, 0.0, List.of(), List.of(), Duration.ofSeconds(60), 5,
				Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(120), Map.of());
	}

	/** Whether a job may use {@code model}. */
	public boolean allows(@Nullable String model) {
		return this.defaultModel.equals(model) || this.allowedModels.contains(model);
	}

	/** The temperature sent for {@code model}, {@code null} when it must be omitted. */
	public @Nullable Double temperatureFor(String model) {
		return this.modelsWithoutTemperature.contains(model) ? null : this.temperature;
	}

	/**
	 * Whether {@code model} needs {@code max_completion_tokens} instead of
	 * {@code max_tokens}.
	 */
	public boolean usesMaxCompletionTokens(String model) {
		return this.modelsWithMaxCompletionTokens.contains(model);
	}

	/** The rate limit of {@code model}; unlimited when none is configured. */
	public RateLimit rateLimitFor(String model) {
		return this.rateLimits.getOrDefault(model, RateLimit.UNLIMITED);
	}

	/**
	 * Per-model throughput limit; 0 means unlimited.
	 *
	 * @param requestsPerMinute black-box calls per minute
	 * @param tokensPerMinute tokens per minute, counted as a prompt estimate plus the
	 * completion limit (the way OpenAI counts against TPM)
	 */
	public record RateLimit(@DefaultValue("0") @Min(0) int requestsPerMinute,
			@DefaultValue("0") @Min(0) long tokensPerMinute) {

		/** No limit. */
		public static final RateLimit UNLIMITED = new RateLimit(0, 0);

	}

}
