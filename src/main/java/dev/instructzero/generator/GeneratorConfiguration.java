package dev.instructzero.generator;

import dev.instructzero.retry.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Beans of the soft-prompt generator, created only when
 * {@link GeneratorProperties#isConfigured()} (vLLM base URL, model and checkpoint
 * directory set), so the service starts without vLLM. The embedding table is mapped when
 * the application is ready (a failure is logged, not fatal, and keeps the health
 * indicator DOWN), and again on each health check or job until it succeeds.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(GeneratorConfiguration.OnGeneratorConfigured.class)
class GeneratorConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(GeneratorConfiguration.class);

	@Bean
	VllmClient vllmClient(GeneratorProperties properties, ObjectProvider<JsonMapper> json) {
		return new VllmClient(properties.vllm(), properties.retry(), json.getIfAvailable(JsonMapper::new),
				Sleeper.THREAD);
	}

	@Bean
	CheckpointEmbeddings checkpointEmbeddings(GeneratorProperties properties, ObjectProvider<JsonMapper> json) {
		return new CheckpointEmbeddings(properties.checkpointDir(), properties.embeddingTensor(),
				json.getIfAvailable(JsonMapper::new));
	}

	@Bean
	SoftPromptInstructionGenerator softPromptInstructionGenerator(VllmClient vllmClient,
			CheckpointEmbeddings checkpointEmbeddings, GeneratorProperties properties) {
		return new SoftPromptInstructionGenerator(vllmClient, checkpointEmbeddings, properties);
	}

	@Bean
	VllmGeneratorHealthIndicator vllmGeneratorHealthIndicator(VllmClient vllmClient,
			CheckpointEmbeddings checkpointEmbeddings, GeneratorProperties properties) {
		return new VllmGeneratorHealthIndicator(vllmClient, checkpointEmbeddings, properties.vllm().healthCacheTtl(),
				System::nanoTime);
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> checkpointStartupCheck(CheckpointEmbeddings checkpointEmbeddings) {
		// say at startup, not only at the first job, that the checkpoint is unusable; the
		// health indicator keeps the instance not ready until it is fixed
		return (event) -> {
			try {
				checkpointEmbeddings.table();
			}
			catch (CheckpointException ex) {
				logger.error("Soft-prompt generator not ready: {}", ex.getMessage());
			}
		};
	}

	/**
	 * Matches when {@code instructzero.generator.vllm.base-url}, {@code .vllm.model} and
	 * {@code .checkpoint-dir} are set, the same test as
	 * {@link GeneratorProperties#isConfigured()}.
	 */
	static final class OnGeneratorConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			// the Binder applies relaxed binding (checkpointDir,
			// INSTRUCTZERO_GENERATOR_...)
			Binder binder = Binder.get(context.getEnvironment());
			for (String property : new String[] { "instructzero.generator.vllm.base-url",
					"instructzero.generator.vllm.model", "instructzero.generator.checkpoint-dir" }) {
				String value = binder.bind(property, String.class).orElse(null);
				if (value == null || value.isBlank()) {
					return ConditionOutcome.noMatch(property + " is not set; the soft-prompt generator is off");
				}
			}
			return ConditionOutcome.match("vLLM generator configured");
		}

	}

}
