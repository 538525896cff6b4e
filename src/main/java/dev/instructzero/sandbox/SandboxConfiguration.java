package dev.instructzero.sandbox;

import java.util.ArrayList;
import java.util.List;

import dev.instructzero.evaluator.BlackBoxEndpoint;
import dev.instructzero.generator.GeneratorModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * The {@code sandbox} profile: the whole service on a simulated generator and black box
 * ({@link SimulatedWorld}), for newcomers and for other teams' CI. It refuses to start
 * when a real black box or vLLM generator is configured in the same process, so simulated
 * and real results can never mix.
 */
@Configuration(proxyBeanMethods = false)
@Profile(SandboxConfiguration.PROFILE)
class SandboxConfiguration {

	/** The profile's name. */
	public static final String PROFILE = "sandbox";

	/** The simulated generator's name in the generator registry. */
	public static final String GENERATOR_NAME = "sandbox";

	private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

	/**
	 * Checks the configuration before any bean is created, so a conflict stops the start
	 * before the database or anything else is touched.
	 */
	@Bean
	static BeanFactoryPostProcessor sandboxGuard() {
		return new Guard();
	}

	@Bean
	SimulatedWorld simulatedWorld() {
		return new SimulatedWorld();
	}

	/**
	 * The simulated generator as the generator registry's only entry, named
	 * {@value #GENERATOR_NAME}: the default of every soft-prompt job.
	 */
	@Bean
	GeneratorModels.Provided simulatedSoftPromptGenerator(SimulatedWorld world) {
		return new GeneratorModels.Provided(GENERATOR_NAME, new SimulatedSoftPromptGenerator(world));
	}

	@Bean
	SimulatedBlackBoxChat simulatedBlackBoxChat(SimulatedWorld world) {
		return new SimulatedBlackBoxChat(world);
	}

	/** Refuses real endpoints, else says loudly that this is the sandbox. */
	static final class Guard implements BeanFactoryPostProcessor, EnvironmentAware {

		@SuppressWarnings("NullAway.Init") // set by Spring before postProcessBeanFactory
		private Environment environment;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			List<String> real = realEndpoints(this.environment);
			if (!real.isEmpty()) {
				throw new SandboxConflictException(real);
			}
			log.warn("SANDBOX: simulated generator and black box; every job is marked simulated, "
					+ "its scores say nothing about real models");
		}

	}

	/** The real endpoints' properties that are set. */
	static List<String> realEndpoints(Environment environment) {
		List<String> real = new ArrayList<>();
		BlackBoxEndpoint blackBox = BlackBoxEndpoint.fromEnvironment(environment);
		if (blackBox.apiKey() != null && !blackBox.apiKey().isBlank()) {
			real.add("spring.ai.openai.api-key (or OPENAI_API_KEY)");
		}
		if (blackBox.baseUrl() != null && !blackBox.baseUrl().isBlank()) {
			real.add("spring.ai.openai.base-url");
		}
		Binder binder = Binder.get(environment);
		for (String property : new String[] { "instructzero.generator.vllm.base-url",
				"instructzero.generator.vllm.model", "instructzero.generator.checkpoint-dir" }) {
			String value = binder.bind(property, String.class).orElse(null);
			if (value != null && !value.isBlank()) {
				real.add(property);
			}
		}
		// named vLLM generators: instructzero.generator.models[<name>].*
		binder.bind("instructzero.generator.models", Bindable.mapOf(String.class, Object.class))
			.ifBound((models) -> models.keySet().forEach((name) -> real.add("instructzero.generator.models." + name)));
		return real;
	}

}
