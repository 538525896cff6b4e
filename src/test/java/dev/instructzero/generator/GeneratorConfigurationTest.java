package dev.instructzero.generator;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorConfigurationTest {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GeneratorProperties.class)
	@Import({ GeneratorConfiguration.class, ApeConfiguration.class })
	static class Wiring {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Wiring.class);

	@Test
	void createsNoVllmBeansWhenNotConfigured() {
		this.runner.withPropertyValues("instructzero.generator.vllm.base-url=http://vllm:8000").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(SoftPromptInstructionGenerator.class);
			assertThat(context).doesNotHaveBean(VllmGeneratorHealthIndicator.class);
			assertThat(context).hasSingleBean(ApeInstructionGenerator.class);
			assertThat(context.getBean(GeneratorProperties.class).isConfigured()).isFalse();
		});
	}

	@Test
	void createsTheGeneratorAndHealthIndicatorWhenConfiguredWithoutTouchingTheCheckpoint() {
		this.runner
			.withPropertyValues("instructzero.generator.vllm.base-url=http://vllm:8000",
					"instructzero.generator.vllm.model=lmsys/vicuna-13b-v1.5",
					"instructzero.generator.checkpointDir=/does/not/exist",
					"instructzero.generator.projection.kind=normal", "instructzero.generator.dtype=bf16")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(SoftPromptInstructionGenerator.class);
				assertThat(context).hasSingleBean(VllmGeneratorHealthIndicator.class);
				GeneratorProperties properties = context.getBean(GeneratorProperties.class);
				assertThat(properties.isConfigured()).isTrue();
				assertThat(properties.vllm().maxTokens()).isNull();
				assertThat(properties.vllm().maxTokens(PromptStyle.CHAT)).isEqualTo(128);
				assertThat(properties.vllm().maxTokens(PromptStyle.COMPLETION)).isEqualTo(64);
				assertThat(properties.retry().maxAttempts()).isEqualTo(4);
				assertThat(properties.projection().kind()).isEqualTo(ProjectionKind.NORMAL);
				assertThat(properties.dtype()).isEqualTo(TensorDtype.BF16);
				assertThat(properties.embeddingTensor()).isEqualTo("model.embed_tokens.weight");
				assertThat(properties.prompt().template()).isEqualTo(GeneratorProperties.Prompt.DEFAULT_TEMPLATE);
				assertThat(properties.prompt().template(PromptStyle.COMPLETION))
					.isEqualTo("\n[DEMOS]\n\nThe instruction was to");
				assertThat(properties.ape().temperature()).isEqualTo(0.9);
			});
	}

	@Test
	void failsAtStartupOnInvalidSettings() {
		this.runner.withPropertyValues("instructzero.generator.vllm.max-tokens=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("maxTokens");
		});
	}

}
