package dev.instructzero.evaluator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class PropertiesBindingTest {

	@Test
	void evaluatorDefaultsAreThePapers() {
		EvaluatorProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate("instructzero.evaluator", EvaluatorProperties.class);

		assertThat(properties.defaultModel()).isEqualTo("gpt-3.5-turbo");
		assertThat(properties.maxConcurrency()).isEqualTo(16);
		assertThat(properties.maxTokens()).isEqualTo(256);
		assertThat(properties.temperatureFor("gpt-3.5-turbo")).isEqualTo(0.0);
		assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
		assertThat(properties.maxAttempts()).isEqualTo(5);
		assertThat(properties.rateLimitFor("gpt-3.5-turbo")).isEqualTo(EvaluatorProperties.RateLimit.UNLIMITED);
	}

	@Test
	void bindsModelListsAndRateLimitsOfModelsWithDots() {
		EvaluatorProperties properties = new Binder(
				new MapConfigurationPropertySource(Map.of("instructzero.evaluator.allowed-models",
						"gpt-4o-mini,o3-mini", "instructzero.evaluator.models-without-temperature", "o3-mini",
						"instructzero.evaluator.rate-limits[gpt-3.5-turbo].requests-per-minute", "500",
						"instructzero.evaluator.rate-limits[gpt-3.5-turbo].tokens-per-minute", "200000")))
			.bindOrCreate("instructzero.evaluator", EvaluatorProperties.class);

		assertThat(properties.allows("o3-mini")).isTrue();
		assertThat(properties.allows("gpt-4")).isFalse();
		assertThat(properties.temperatureFor("o3-mini")).isNull();
		assertThat(properties.rateLimitFor("gpt-3.5-turbo")).isEqualTo(new EvaluatorProperties.RateLimit(500, 200_000));
	}

	@Test
	void bindsPricesPerMillionTokensAndComputesCost() {
		PricingProperties pricing = new Binder(
				new MapConfigurationPropertySource(Map.of("instructzero.pricing[gpt-3.5-turbo].input-usd-per-mtok",
						"0.5", "instructzero.pricing[gpt-3.5-turbo].output-usd-per-mtok", "1.5")))
			.bindOrCreate("instructzero", PricingProperties.class);

		assertThat(pricing.hasPrice("gpt-3.5-turbo")).isTrue();
		assertThat(pricing.hasPrice("gpt-4")).isFalse();
		// 1000 * 0.5 / 1e6 + 200 * 1.5 / 1e6
		assertThat(pricing.costUsd("gpt-3.5-turbo", 1000, 200)).isEqualByComparingTo(new BigDecimal("0.0008"));
		assertThat(pricing.costUsd("gpt-4", 1000, 200)).isEqualByComparingTo(BigDecimal.ZERO);
	}

}
