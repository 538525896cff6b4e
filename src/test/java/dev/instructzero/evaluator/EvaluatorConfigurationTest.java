package dev.instructzero.evaluator;

import javax.sql.DataSource;

import dev.instructzero.task.Metric;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluatorConfigurationTest extends EvaluatorTestSupport {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(EvaluatorConfiguration.class, Properties.class)
		// wrapped: the context must not close the shared pool
		.withBean(DataSource.class, () -> new DelegatingDataSource(dataSource()));

	@Test
	void anApplicationWithoutKeyOrBaseUrlStartsWithAnUnconfiguredBlackBox() {
		// blank, in case the machine running the tests has a real key in its environment
		this.context.withPropertyValues("OPENAI_API_KEY=").run((app) -> {
			assertThat(app).hasNotFailed();
			assertThat(app.getBean(BlackBoxEvaluator.class).isConfigured()).isFalse();
		});
	}

	@Test
	void springAiPropertiesConfigureTheBlackBox() {
		openAi.answerAll("chat");
		this.context
			.withPropertyValues("spring.ai.openai.base-url=" + openAi.baseUrl(), "spring.ai.openai.api-key=test-key",
					"instructzero.evaluator.default-model=gpt-test",
					"instructzero.pricing[gpt-test].input-usd-per-mtok=1000000",
					"instructzero.pricing[gpt-test].output-usd-per-mtok=0")
			.run((app) -> {
				BlackBoxEvaluator evaluator = app.getBean(BlackBoxEvaluator.class);
				assertThat(evaluator.isConfigured()).isTrue();
				Evaluation evaluation = evaluator.evaluate(
						new EvaluationRequest(null, "Translate.", examples(1, "chat"), Metric.EXACT_MATCH),
						JobUsage.start(null, null));
				assertThat(evaluation.score()).isEqualTo(1.0);
				// 12 prompt tokens at 1 USD per token
				assertThat(evaluation.costUsd()).isEqualByComparingTo("12");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ EvaluatorProperties.class, PricingProperties.class })
	static class Properties {

	}

}
