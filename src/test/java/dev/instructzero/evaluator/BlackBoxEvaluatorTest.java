package dev.instructzero.evaluator;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.Metric;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class BlackBoxEvaluatorTest extends EvaluatorTestSupport {

	@Test
	void sendsTheExactPromptAsOneUserMessageWithModelTemperatureAndMaxTokens() {
		openAi.answerAll("chat");
		evaluator(properties(16)).evaluate(new EvaluationRequest(null, "Translate the word into French.",
				List.of(LabeledExample.of("cat", "chat")), Metric.EXACT_MATCH), JobUsage.start(null, null));

		List<JsonNode> bodies = openAi.requestBodies();
		assertThat(bodies).hasSize(1);
		JsonNode body = bodies.get(0);
		assertThat(body.get("model").asString()).isEqualTo("gpt-test");
		assertThat(body.get("temperature").asDouble()).isEqualTo(0.0);
		assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
		assertThat(body.has("max_completion_tokens")).isFalse();
		assertThat(body.get("messages")).hasSize(1);
		assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("user");
		assertThat(body.get("messages").get(0).get("content").asString())
			.isEqualTo("Instruction: Translate the word into French.\n\nInput: cat\nOutput:");
		openAi.server.verify(WireMock.postRequestedFor(WireMock.urlEqualTo(OpenAiStub.PATH))
			.withHeader("Authorization", WireMock.equalTo("Bearer test-key")));
	}

	@Test
	void omitsTemperatureAndUsesMaxCompletionTokensForConfiguredModels() {
		openAi.answerAll("chat");
		evaluator(properties(16, 5, List.of("o-test"), Map.of())).evaluate(
				new EvaluationRequest("o-test", "Translate.", List.of(LabeledExample.of("cat", "chat")), Metric.F1),
				JobUsage.start(null, null));

		JsonNode body = openAi.requestBodies().get(0);
		assertThat(body.get("model").asString()).isEqualTo("o-test");
		assertThat(body.has("temperature")).isFalse();
		assertThat(body.has("max_tokens")).isFalse();
		assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(256);
	}

	@Test
	void scoresEachExampleWithTheMetricAndAveragesThem() {
		openAi.answerInput("one", "Uno.");
		openAi.answerInput("two", "tres");
		openAi.answerInput("three", "The answer is tres");
		List<LabeledExample> examples = List.of(LabeledExample.of("one", "uno"), LabeledExample.of("two", "dos"),
				new LabeledExample("three", List.of("drei", "tres")));

		Evaluation evaluation = evaluator(properties(16))
			.evaluate(new EvaluationRequest(null, "Translate.", examples, Metric.CONTAINS), JobUsage.start(null, null));

		assertThat(evaluation.exampleScores()).containsExactly(1.0, 0.0, 1.0);
		assertThat(evaluation.score()).isCloseTo(2.0 / 3, within(1e-12));
		assertThat(evaluation.answers()).containsExactly("Uno.", "tres", "The answer is tres");
		assertThat(evaluation.model()).isEqualTo("gpt-test");
		assertThat(evaluation.tokensIn()).isEqualTo(36);
		assertThat(evaluation.tokensOut()).isEqualTo(9);
	}

	@Test
	void repeatingAnInstructionCostsNoPaidCalls() {
		openAi.answerAll("yes");
		BlackBoxEvaluator evaluator = evaluator(properties(16));
		JobUsage usage = JobUsage.start(UUID.randomUUID(), null);
		EvaluationRequest request = new EvaluationRequest(null, "Answer yes.", examples(5, "yes"), Metric.EXACT_MATCH);

		Evaluation first = evaluator.evaluate(request, usage);
		Evaluation second = evaluator.evaluate(request, usage);

		assertThat(openAi.requestCount()).isEqualTo(5);
		assertThat(first.paidCalls()).isEqualTo(5);
		assertThat(first.cacheHits()).isZero();
		assertThat(second.paidCalls()).isZero();
		assertThat(second.cacheHits()).isEqualTo(5);
		assertThat(second.tokensIn()).isZero();
		assertThat(second.exampleScores()).isEqualTo(first.exampleScores()).containsOnly(1.0);
		assertThat(usage.totals()).isEqualTo(new UsageTotals(5, 5, 60, 15, usage.totals().costUsd()));
		assertThat(this.meters.counter("instructzero.blackbox.calls", "model", "gpt-test", "result", "paid").count())
			.isEqualTo(5);
		assertThat(
				this.meters.counter("instructzero.blackbox.calls", "model", "gpt-test", "result", "cache_hit").count())
			.isEqualTo(5);
		assertThat(this.meters.counter("instructzero.blackbox.tokens", "model", "gpt-test", "direction", "in").count())
			.isEqualTo(60);
		assertThat(
				JdbcClient.create(dataSource()).sql("select sum(hits) from black_box_call").query(Long.class).single())
			.isEqualTo(5);
	}

	@Test
	void aSecondJobOnTheSameTaskReusesTheCache() {
		openAi.answerAll("yes");
		BlackBoxEvaluator evaluator = evaluator(properties(16));
		EvaluationRequest request = new EvaluationRequest(null, "Answer yes.", examples(4, "yes"), Metric.EXACT_MATCH);
		evaluator.evaluate(request, JobUsage.start(UUID.randomUUID(), null));

		JobUsage secondJob = JobUsage.start(UUID.randomUUID(), null);
		Evaluation evaluation = evaluator.evaluate(request, secondJob);

		assertThat(openAi.requestCount()).isEqualTo(4);
		assertThat(evaluation.cacheHits()).isEqualTo(4);
		assertThat(secondJob.totals().paidCalls()).isZero();
		assertThat(secondJob.totals().cacheHits()).isEqualTo(4);
	}

	@Test
	void aRestartedEvaluatorReusesThePersistentCache() {
		openAi.answerAll("yes");
		EvaluationRequest request = new EvaluationRequest(null, "Answer yes.", examples(3, "yes"), Metric.EXACT_MATCH);
		evaluator(properties(16)).evaluate(request, JobUsage.start(null, null));

		BlackBoxEvaluator restarted = evaluator(properties(16), new PricingProperties(Map.of()), newDataSource());
		Evaluation evaluation = restarted.evaluate(request, JobUsage.start(null, null));

		assertThat(openAi.requestCount()).isEqualTo(3);
		assertThat(evaluation.cacheHits()).isEqualTo(3);
		assertThat(evaluation.exampleScores()).containsOnly(1.0);
	}

	@Test
	void anotherModelOrInstructionIsNotACacheHit() {
		openAi.answerAll("yes");
		BlackBoxEvaluator evaluator = evaluator(properties(16));
		evaluator.evaluate(new EvaluationRequest(null, "Answer yes.", examples(2, "yes"), Metric.EXACT_MATCH),
				JobUsage.start(null, null));
		evaluator.evaluate(new EvaluationRequest("o-test", "Answer yes.", examples(2, "yes"), Metric.EXACT_MATCH),
				JobUsage.start(null, null));
		evaluator.evaluate(new EvaluationRequest(null, "Answer yes!", examples(2, "yes"), Metric.EXACT_MATCH),
				JobUsage.start(null, null));

		assertThat(openAi.requestCount()).isEqualTo(6);
		assertThat(cachedCalls()).isEqualTo(6);
	}

	@Test
	void identicalCallsUnderWayAtOnceArePaidOnce() {
		openAi.server.stubFor(WireMock.post(OpenAiStub.PATH).willReturn(OpenAiStub.answer("yes").withFixedDelay(100)));
		List<LabeledExample> sameInput = java.util.Collections.nCopies(10, LabeledExample.of("same", "yes"));

		Evaluation evaluation = evaluator(properties(16)).evaluate(
				new EvaluationRequest(null, "Answer yes.", sameInput, Metric.EXACT_MATCH), JobUsage.start(null, null));

		assertThat(openAi.requestCount()).isEqualTo(1);
		assertThat(evaluation.paidCalls()).isEqualTo(1);
		assertThat(evaluation.cacheHits()).isEqualTo(9);
		assertThat(evaluation.exampleScores()).containsOnly(1.0);
	}

	@Test
	void anEmptyOrRefusedAnswerScoresZeroAndIsRecordedNotRetried() {
		openAi.answerInput("empty", "");
		openAi.answerInput("refused", null);
		BlackBoxEvaluator evaluator = evaluator(properties(16));
		EvaluationRequest request = new EvaluationRequest(null, "Say it.",
				List.of(LabeledExample.of("empty", "x"), LabeledExample.of("refused", "x")), Metric.CONTAINS);

		Evaluation first = evaluator.evaluate(request, JobUsage.start(null, null));
		Evaluation again = evaluator.evaluate(request, JobUsage.start(null, null));

		assertThat(first.exampleScores()).containsExactly(0.0, 0.0);
		assertThat(first.answers()).containsExactly("", "");
		assertThat(again.cacheHits()).isEqualTo(2);
		assertThat(openAi.requestCount()).isEqualTo(2);
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void rejectsModelsThatAreNotAllowed() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> evaluator(properties(16)).evaluate(
					new EvaluationRequest("gpt-secret", "x", examples(1, "y"), Metric.F1), JobUsage.start(null, null)))
			.withMessageContaining("gpt-secret");
		assertThat(openAi.requestCount()).isZero();
	}

	@Test
	void anUnconfiguredBlackBoxSaysSoAndAConfiguredOneWorksThroughThePublicConstructor() {
		BlackBoxCallRepository cache = new BlackBoxCallRepository(JdbcClient.create(dataSource()));
		PricingProperties pricing = new PricingProperties(Map.of());
		BlackBoxEvaluator unconfigured = new BlackBoxEvaluator(properties(16), pricing, cache,
				new BlackBoxEndpoint(null, " "), this.meters);
		assertThat(unconfigured.isConfigured()).isFalse();
		assertThatExceptionOfType(BlackBoxException.class)
			.isThrownBy(() -> unconfigured.evaluate(new EvaluationRequest(null, "x", examples(1, "y"), Metric.F1),
					JobUsage.start(null, null)))
			.withMessageContaining("spring.ai.openai.api-key");

		openAi.answerAll("y");
		BlackBoxEvaluator configured = new BlackBoxEvaluator(properties(16), pricing, cache,
				new BlackBoxEndpoint(openAi.baseUrl(), "test-key"), this.meters);
		assertThat(configured.isConfigured()).isTrue();
		assertThat(configured
			.evaluate(new EvaluationRequest(null, "x", examples(1, "y"), Metric.F1), JobUsage.start(null, null))
			.score()).isEqualTo(1.0);
	}

	@Test
	void endpointNeverPrintsTheKey() {
		assertThat(new BlackBoxEndpoint("http://x/v1", "sk-secret").toString()).doesNotContain("sk-secret");
	}

}
