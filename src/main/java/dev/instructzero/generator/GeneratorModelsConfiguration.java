package dev.instructzero.generator;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.instructzero.retry.Sleeper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The registry of generators ({@link GeneratorModels}), always present (empty without
 * vLLM), and one health indicator per named generator under {@code vllmGenerators} (the
 * single generator keeps its own {@code vllmGenerator}).
 */
@Configuration(proxyBeanMethods = false)
class GeneratorModelsConfiguration {

	@Bean
	NamedGenerators namedGenerators(GeneratorProperties properties, ObjectProvider<JsonMapper> json) {
		JsonMapper mapper = json.getIfAvailable(JsonMapper::new);
		Map<String, NamedGenerators.Entry> entries = new LinkedHashMap<>();
		properties.models().forEach((name, model) -> {
			if (name.equals(GeneratorProperties.DEFAULT_MODEL_NAME) && properties.isConfigured()) {
				throw new IllegalStateException("instructzero.generator.models[" + name + "] clashes with the "
						+ "generator of instructzero.generator.vllm, which is named '" + name + "'; rename it");
			}
			GeneratorProperties own = properties.forModel(model);
			VllmClient client = new VllmClient(own.vllm(), own.retry(), mapper, Sleeper.THREAD);
			CheckpointEmbeddings checkpoint = new CheckpointEmbeddings(own.checkpointDir(), own.embeddingTensor(),
					mapper);
			entries.put(name,
					new NamedGenerators.Entry(new SoftPromptInstructionGenerator(client, checkpoint, own),
							new VllmGeneratorHealthIndicator(client, checkpoint, own.vllm().healthCacheTtl(),
									System::nanoTime)));
		});
		return new NamedGenerators(entries);
	}

	@Bean
	GeneratorModels generatorModels(ObjectProvider<SoftPromptInstructionGenerator> single,
			ObjectProvider<GeneratorModels.Provided> provided, NamedGenerators named) {
		Map<String, SoftPromptGenerator> generators = new LinkedHashMap<>();
		SoftPromptInstructionGenerator first = single.getIfAvailable();
		if (first != null) {
			generators.put(GeneratorProperties.DEFAULT_MODEL_NAME, first);
		}
		provided.orderedStream().forEach((generator) -> {
			if (generators.putIfAbsent(generator.name(), generator.generator()) != null) {
				throw new IllegalStateException("two generators are named '" + generator.name() + "'");
			}
		});
		named.entries().forEach((name, entry) -> {
			if (generators.putIfAbsent(name, entry.generator()) != null) {
				throw new IllegalStateException("instructzero.generator.models[" + name + "] clashes with the "
						+ "generator named '" + name + "'; rename it");
			}
		});
		return new GeneratorModels(generators);
	}

	@Bean
	@Conditional(OnNamedGenerators.class)
	HealthContributor vllmGenerators(NamedGenerators named) {
		Map<String, HealthContributor> indicators = new LinkedHashMap<>();
		named.entries().forEach((name, entry) -> indicators.put(name, entry.health()));
		return CompositeHealthContributor.fromMap(indicators);
	}

	/** Matches when some {@code instructzero.generator.models[<name>]} is configured. */
	static final class OnNamedGenerators extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			boolean named = Binder.get(context.getEnvironment())
				.bind("instructzero.generator.models", Bindable.mapOf(String.class, Object.class))
				.map((models) -> !models.isEmpty())
				.orElse(false);
			return named ? ConditionOutcome.match("named generators configured")
					: ConditionOutcome.noMatch("no instructzero.generator.models");
		}

	}

	/** The generators of {@code models[<name>]}, with their health indicators. */
	record NamedGenerators(Map<String, Entry> entries) {

		record Entry(SoftPromptInstructionGenerator generator, VllmGeneratorHealthIndicator health) {
		}

	}

}
