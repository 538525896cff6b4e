package dev.instructzero.evaluator;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires the black-box evaluator: the call cache on the application's database and an
 * evaluator on Spring AI's OpenAI endpoint settings. {@link EvaluatorProperties} and
 * {@link PricingProperties} are registered by the application's properties scan.
 */
@Configuration(proxyBeanMethods = false)
class EvaluatorConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EvaluatorConfiguration.class);

	@Bean
	BlackBoxCallRepository blackBoxCallRepository(DataSource dataSource) {
		return new BlackBoxCallRepository(JdbcClient.create(dataSource));
	}

	/**
	 * The evaluator; on a {@link BlackBoxChat} bean when there is one (the sandbox's
	 * simulated black box, which never runs beside a real endpoint), else on Spring AI's
	 * OpenAI endpoint.
	 */
	@Bean
	BlackBoxEvaluator blackBoxEvaluator(EvaluatorProperties properties, PricingProperties pricing,
			BlackBoxCallRepository cache, Environment environment, ObjectProvider<MeterRegistry> meters,
			ObjectProvider<BlackBoxChat> builtIn, ObjectProvider<ObservationRegistry> observations) {
		BlackBoxChat chat = builtIn.getIfAvailable();
		if (chat != null) {
			log.info("Black box: built-in {} (default model {})", chat.getClass().getSimpleName(),
					properties.defaultModel());
			return new BlackBoxEvaluator(properties, pricing, cache, chat,
					meters.getIfAvailable(SimpleMeterRegistry::new));
		}
		BlackBoxEndpoint endpoint = BlackBoxEndpoint.fromEnvironment(environment);
		if (endpoint.isConfigured()) {
			log.info("Black box: {} (default model {})", endpoint, properties.defaultModel());
		}
		else {
			log.warn("Black box not configured (spring.ai.openai.api-key / base-url): jobs cannot be scored");
		}
		return new BlackBoxEvaluator(properties, pricing, cache, endpoint,
				meters.getIfAvailable(SimpleMeterRegistry::new),
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

}
