package dev.instructzero.sandbox;

import java.util.List;

import dev.instructzero.evaluator.BlackBoxChat;
import dev.instructzero.generator.GeneratorModels;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's beans exist only in the {@code sandbox} profile, and the profile refuses
 * to start beside a real black box or vLLM generator, saying which properties to unset.
 */
class SandboxConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SandboxConfiguration.class);

	private ApplicationContextRunner inSandbox() {
		return this.runner.withInitializer((context) -> context.getEnvironment().setActiveProfiles("sandbox"));
	}

	@Test
	void providesTheSimulatedGeneratorAndBlackBoxOnlyInTheSandboxProfile() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(SimulatedWorld.class)
			.doesNotHaveBean(BlackBoxChat.class)
			.doesNotHaveBean(GeneratorModels.Provided.class));
		inSandbox().run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(SimulatedWorld.class)
				.hasSingleBean(BlackBoxChat.class)
				.hasSingleBean(GeneratorModels.Provided.class);
			GeneratorModels.Provided generator = context.getBean(GeneratorModels.Provided.class);
			assertThat(generator.name()).isEqualTo("sandbox");
			assertThat(generator.generator()).isInstanceOf(SimulatedSoftPromptGenerator.class);
		});
	}

	@Test
	void refusesToStartWithARealBlackBoxOrGeneratorConfigured() {
		inSandbox()
			.withPropertyValues("spring.ai.openai.api-key=sk-real",
					"instructzero.generator.vllm.base-url=http://vllm:8000")
			.run((context) -> {
				assertThat(context).hasFailed();
				SandboxConflictException conflict = findCause(context.getStartupFailure());
				assertThat(conflict.properties()).containsExactly("spring.ai.openai.api-key (or OPENAI_API_KEY)",
						"instructzero.generator.vllm.base-url");
				FailureAnalysis analysis = new SandboxConflictFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("cannot be combined with real endpoints")
					.contains("spring.ai.openai.api-key");
				assertThat(analysis.getAction()).contains("without the 'sandbox' profile");
			});
		inSandbox().withPropertyValues("spring.ai.openai.base-url=http://localhost:1/v1")
			.run((context) -> assertThat(findCause(context.getStartupFailure()).properties())
				.isEqualTo(List.of("spring.ai.openai.base-url")));
		inSandbox()
			.withPropertyValues("instructzero.generator.models.llama.base-url=http://vllm-llama:8000",
					"instructzero.generator.models.llama.model=llama",
					"instructzero.generator.models.mistral.base-url=http://vllm-mistral:8000")
			.run((context) -> assertThat(findCause(context.getStartupFailure()).properties())
				.isEqualTo(List.of("instructzero.generator.models.llama", "instructzero.generator.models.mistral")));
	}

	private static SandboxConflictException findCause(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof SandboxConflictException conflict) {
				return conflict;
			}
		}
		throw new AssertionError("no SandboxConflictException in " + failure);
	}

}
