package dev.instructzero.generator;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorModelsConfigurationTest {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GeneratorProperties.class)
	@Import({ GeneratorConfiguration.class, GeneratorModelsConfiguration.class })
	static class Wiring {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Wiring.class);

	private static final String[] SINGLE = { "instructzero.generator.vllm.base-url=http://vicuna:8000",
			"instructzero.generator.vllm.model=vicuna", "instructzero.generator.checkpoint-dir=/models/vicuna" };

	private static final String[] NAMED = { "instructzero.generator.models.zephyr.base-url=http://zephyr:8000",
			"instructzero.generator.models.zephyr.model=zephyr-7b",
			"instructzero.generator.models.zephyr.checkpoint-dir=/models/zephyr",
			"instructzero.generator.models.zephyr.prompt-template=<|user|>\n[DEMOS]\nThe instruction was to?</s><|assistant|>",
			"instructzero.generator.models.llama.base-url=http://llama:8000",
			"instructzero.generator.models.llama.model=llama-3-8b",
			"instructzero.generator.models.llama.checkpoint-dir=/models/llama",
			"instructzero.generator.models.llama.dtype=bf16" };

	@Test
	void theSingleGeneratorIsTheDefaultAndTheNamedOnesFollowInConfigurationOrder() {
		this.runner.withPropertyValues(SINGLE).withPropertyValues(NAMED).run((context) -> {
			assertThat(context).hasNotFailed();
			GeneratorModels models = context.getBean(GeneratorModels.class);
			assertThat(models.names()).containsExactly("default", "zephyr", "llama");
			assertThat(models.defaultName()).contains("default");
			assertThat(models.generator(null)).containsSame(context.getBean(SoftPromptInstructionGenerator.class));
			assertThat(models.generator("llama")).isPresent().get().isNotSameAs(models.generator("zephyr").get());
			assertThat(models.generator("mistral")).isEmpty();
			// one health indicator per named generator, the single one keeps its own
			HealthContributors named = context.getBean("vllmGenerators", CompositeHealthContributor.class);
			assertThat(named.stream().map(HealthContributors.Entry::name)).containsExactly("zephyr", "llama");
			assertThat(context).hasSingleBean(VllmGeneratorHealthIndicator.class);

			GeneratorProperties properties = context.getBean(GeneratorProperties.class);
			GeneratorProperties zephyr = properties.forModel(properties.models().get("zephyr"));
			assertThat(zephyr.vllm().baseUrl()).isEqualTo("http://zephyr:8000");
			assertThat(zephyr.prompt().template()).startsWith("<|user|>");
			assertThat(zephyr.prompt().completionTemplate()).isEqualTo(properties.prompt().completionTemplate());
			assertThat(zephyr.vllm().readTimeout()).isEqualTo(properties.vllm().readTimeout());
			GeneratorProperties llama = properties.forModel(properties.models().get("llama"));
			assertThat(llama.dtype()).isEqualTo(TensorDtype.BF16);
			assertThat(llama.prompt().template()).isEqualTo(GeneratorProperties.Prompt.DEFAULT_TEMPLATE);
			assertThat(llama.checkpointDir()).hasToString("/models/llama");
		});
	}

	@Test
	void withoutTheSingleGeneratorTheFirstNamedOneIsTheDefault() {
		this.runner.withPropertyValues(NAMED).run((context) -> {
			assertThat(context).hasNotFailed();
			GeneratorModels models = context.getBean(GeneratorModels.class);
			assertThat(models.names()).containsExactly("zephyr", "llama");
			assertThat(models.resolve(null)).contains("zephyr");
			assertThat(context).doesNotHaveBean(VllmGeneratorHealthIndicator.class);
		});
	}

	@Test
	void withoutAnyGeneratorTheRegistryIsEmptyAndNoIndicatorIsAdded() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(GeneratorModels.class).isConfigured()).isFalse();
			assertThat(context.getBean(GeneratorModels.class).defaultName()).isEmpty();
			assertThat(context).doesNotHaveBean("vllmGenerators");
		});
	}

	@Test
	void refusesANamedGeneratorWithoutEndpointOrTheSingleGeneratorsName() {
		this.runner
			.withPropertyValues("instructzero.generator.models.broken.model=m",
					"instructzero.generator.models.broken.checkpoint-dir=/models/m")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("baseUrl"));
		this.runner.withPropertyValues(SINGLE)
			.withPropertyValues("instructzero.generator.models.default.base-url=http://other:8000",
					"instructzero.generator.models.default.model=m",
					"instructzero.generator.models.default.checkpoint-dir=/models/m")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("models[default] clashes"));
	}

	@Test
	void aGeneratorAnotherModuleProvidesJoinsTheRegistryUnderItsName() {
		SoftPromptGenerator simulated = new SoftPromptGenerator() {

			@Override
			public ForJob forJob(long seed, int softTokens, int intrinsicDimension, java.util.List<Exemplar> exemplars,
					PromptStyle style) {
				throw new UnsupportedOperationException();
			}

			@Override
			public long estimatePayloadBytes(int softTokens, PromptStyle style, java.util.List<Exemplar> exemplars) {
				return 0;
			}

		};
		ApplicationContextRunner provided = this.runner.withBean("simulated", GeneratorModels.Provided.class,
				() -> new GeneratorModels.Provided("sandbox", simulated));
		provided.run((context) -> {
			assertThat(context).hasNotFailed();
			GeneratorModels models = context.getBean(GeneratorModels.class);
			assertThat(models.names()).containsExactly("sandbox");
			assertThat(models.resolve(null)).contains("sandbox");
			assertThat(models.generator(null)).containsSame(simulated);
		});
		// after the single generator, before the named ones
		provided.withPropertyValues(SINGLE)
			.withPropertyValues(NAMED)
			.run((context) -> assertThat(context.getBean(GeneratorModels.class).names()).containsExactly("default",
					"sandbox", "zephyr", "llama"));
		provided
			.withPropertyValues("instructzero.generator.models.sandbox.base-url=http://other:8000",
					"instructzero.generator.models.sandbox.model=m",
					"instructzero.generator.models.sandbox.checkpoint-dir=/models/m")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("models[sandbox] clashes"));
	}

}
