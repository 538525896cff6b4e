package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.instructzero.task.Metric;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

class RetryTest extends EvaluatorTestSupport {

	private static final EvaluationRequest ONE_EXAMPLE = new EvaluationRequest(null, "Answer yes.", examples(1, "yes"),
			Metric.EXACT_MATCH);

	@Test
	void rateLimitIsRetriedAfterTheServersRetryAfterAndSucceeds() {
		openAi.server.stubFor(WireMock.post(OpenAiStub.PATH)
			.inScenario("rate limit")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(OpenAiStub.error(429).withHeader("Retry-After", "7"))
			.willSetStateTo("recovered"));
		openAi.server.stubFor(WireMock.post(OpenAiStub.PATH)
			.inScenario("rate limit")
			.whenScenarioStateIs("recovered")
			.willReturn(OpenAiStub.answer("yes")));
		JobUsage usage = JobUsage.start(null, null);

		Evaluation evaluation = evaluator(properties(16)).evaluate(ONE_EXAMPLE, usage);

		assertThat(evaluation.score()).isEqualTo(1.0);
		assertThat(openAi.requestCount()).isEqualTo(2);
		assertThat(this.sleeps).containsExactly(Duration.ofSeconds(7));
		assertThat(usage.totals().paidCalls()).isEqualTo(1);
	}

	@Test
	void serverErrorsAreRetriedWithCappedBackoffAndThenFail() {
		openAi.server.stubFor(WireMock.post(OpenAiStub.PATH).willReturn(OpenAiStub.error(503)));
		JobUsage usage = JobUsage.start(null, new JobBudget(null, 10L, null, null));

		assertThatExceptionOfType(BlackBoxException.class)
			.isThrownBy(() -> evaluator(properties(16, 5, List.of(), Map.of())).evaluate(ONE_EXAMPLE, usage))
			.withMessageContaining("after 5 attempt(s)")
			.withMessageContaining("HTTP 503");

		assertThat(openAi.requestCount()).isEqualTo(5);
		// 1 s doubled per attempt, capped at 8 s, jittered within the upper half
		assertThat(this.sleeps).hasSize(4);
		long[] caps = { 1000, 2000, 4000, 8000 };
		for (int i = 0; i < 4; i++) {
			assertThat(this.sleeps.get(i).toMillis()).isBetween(caps[i] / 2, caps[i]);
		}
		assertThat(usage.totals().paidCalls()).isZero();
		assertThat(cachedCalls()).isZero();
	}

	@Test
	void aRetryAfterLongerThanTheCapFailsInsteadOfStallingTheJob() {
		openAi.server.stubFor(
				WireMock.post(OpenAiStub.PATH).willReturn(OpenAiStub.error(429).withHeader("Retry-After", "3600")));

		assertThatExceptionOfType(BlackBoxException.class)
			.isThrownBy(() -> evaluator(properties(16)).evaluate(ONE_EXAMPLE, JobUsage.start(null, null)))
			.withMessageContaining("HTTP 429");

		assertThat(openAi.requestCount()).isEqualTo(1);
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void unauthorizedFailsImmediatelyWithAClearMessage() {
		openAi.server.stubFor(WireMock.post(OpenAiStub.PATH).willReturn(OpenAiStub.error(401)));

		assertThatExceptionOfType(BlackBoxAuthenticationException.class)
			.isThrownBy(() -> evaluator(properties(16)).evaluate(ONE_EXAMPLE, JobUsage.start(null, null)))
			.withMessageContaining("401")
			.withMessageContaining("spring.ai.openai.api-key")
			.withMessageNotContaining("test-key");

		assertThat(openAi.requestCount()).isEqualTo(1);
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void forbiddenStopsTheRemainingCallsOfTheEvaluation() {
		openAi.server.stubFor(WireMock.post(OpenAiStub.PATH).willReturn(OpenAiStub.error(403)));
		JobUsage usage = JobUsage.start(null, null);

		BlackBoxAuthenticationException failure = catchThrowableOfType(BlackBoxAuthenticationException.class,
				() -> evaluator(properties(2)).evaluate(
						new EvaluationRequest(null, "Answer yes.", examples(20, "yes"), Metric.EXACT_MATCH), usage));

		assertThat(failure).hasMessageContaining("403");
		assertThat(openAi.requestCount()).isBetween(1, 2);
		assertThat(usage.totals().paidCalls()).isZero();
	}

	@Test
	void otherClientErrorsAreNotRetried() {
		openAi.server.stubFor(WireMock.post(OpenAiStub.PATH).willReturn(OpenAiStub.error(404)));

		assertThatExceptionOfType(BlackBoxException.class)
			.isThrownBy(() -> evaluator(properties(16)).evaluate(ONE_EXAMPLE, JobUsage.start(null, null)))
			.withMessageContaining("HTTP 404");

		assertThat(openAi.requestCount()).isEqualTo(1);
	}

	@Test
	void aResponseThatIsNotAChatCompletionFailsWithoutRetry() {
		openAi.server.stubFor(WireMock.post(OpenAiStub.PATH)
			.willReturn(WireMock.aResponse()
				.withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("<html>gateway</html>")));

		assertThatExceptionOfType(BlackBoxException.class)
			.isThrownBy(() -> evaluator(properties(16)).evaluate(ONE_EXAMPLE, JobUsage.start(null, null)))
			.withMessageContaining("unexpected answer");

		assertThat(openAi.requestCount()).isEqualTo(1);
		assertThat(cachedCalls()).isZero();
	}

	@Test
	void aTimedOutAttemptIsRetriedWithinTheBound() {
		// a 1 s timeout, far from the 10 s answer, and long enough for a slow machine
		// to have sent the request before it passes
		openAi.server
			.stubFor(WireMock.post(OpenAiStub.PATH).willReturn(OpenAiStub.answer("yes").withFixedDelay(10_000)));
		EvaluatorProperties base = properties(16, 2, List.of(), Map.of());
		EvaluatorProperties shortTimeout = new EvaluatorProperties(base.defaultModel(), base.allowedModels(),
				base.maxConcurrency(), base.maxTokens(), base.temperature(), base.modelsWithoutTemperature(),
				base.modelsWithMaxCompletionTokens(), Duration.ofSeconds(1), base.maxAttempts(), base.initialBackoff(),
				base.maxBackoff(), base.maxRetryAfter(), base.rateLimits());

		assertThatExceptionOfType(BlackBoxException.class)
			.isThrownBy(() -> evaluator(shortTimeout).evaluate(ONE_EXAMPLE, JobUsage.start(null, null)))
			.withMessageContaining("after 2 attempt(s)");

		await().atMost(Duration.ofSeconds(10)).until(() -> openAi.requestCount() == 2);
		assertThat(this.sleeps).hasSize(1);
	}

}
