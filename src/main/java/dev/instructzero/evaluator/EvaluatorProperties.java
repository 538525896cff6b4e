package dev.instructzero.evaluator;

import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the black-box evaluator ({@code instructzero.evaluator.*}). The endpoint
 * and key of the OpenAI-compatible server are Spring AI's
 * {@code spring.ai.openai.base-url} and {@code spring.ai.openai.api-key}.
 *
 * @param defaultModel the black-box model a job uses when it names none
 * @param allowedModels the models a job may name; the default model is always allowed
 * @param maxConcurrency global limit of parallel black-box calls
 */
@Validated
@ConfigurationProperties("instructzero.evaluator")
public record EvaluatorProperties(@DefaultValue("gpt-3.5-turbo") @NotBlank String defaultModel,
		@DefaultValue List<String> allowedModels, @DefaultValue("16") @Min(1) int maxConcurrency) {

	/** Whether a job may use {@code model}. */
	public boolean allows(String model) {
		return this.defaultModel.equals(model) || this.allowedModels.contains(model);
	}

}
