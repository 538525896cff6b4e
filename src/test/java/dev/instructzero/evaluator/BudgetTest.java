package dev.instructzero.evaluator;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.instructzero.task.Metric;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BudgetTest extends EvaluatorTestSupport {

	private static final String INSTRUCTION = "Answer yes.";

	// every stubbed call reports 12 prompt and 3 completion tokens
	private static final int TOKENS_PER_CALL = 15;

	private static long tokenUpperBound() {
		// all inputs x00..x19 have the same length
		return BlackBoxPrompt.render(INSTRUCTION, "x00").getBytes(StandardCharsets.UTF_8).length
				+ BlackBoxEvaluator.CHAT_OVERHEAD_TOKENS + 256;
	}

	@Test
	void callBudgetStopsExactlyAtTheLimitWithSixteenCallsInParallel() {
		openAi.answerAll("yes");
		JobUsage usage = JobUsage.start(null, new JobBudget(null, 5L, null, null));
		EvaluationRequest request = new EvaluationRequest(null, INSTRUCTION, examples(20, "yes"), Metric.EXACT_MATCH);

		BudgetExhaustedException exhausted = catchThrowableOfType(BudgetExhaustedException.class,
				() -> evaluator(properties(16)).evaluate(request, usage));

		assertThat(exhausted.limit()).isEqualTo(BudgetLimit.CALLS);
		assertThat(openAi.requestCount()).isEqualTo(5);
		assertThat(usage.totals().paidCalls()).isEqualTo(5);
		assertThat(usage.exhausted()).contains(BudgetLimit.CALLS);
		assertThat(cachedCalls()).isEqualTo(5);
	}

	@Test
	void callsPaidBeforeTheBudgetStoppedAreNotPaidAgainByALaterEvaluation() {
		openAi.answerAll("yes");
		EvaluationRequest request = new EvaluationRequest(null, INSTRUCTION, examples(20, "yes"), Metric.EXACT_MATCH);
		BlackBoxEvaluator evaluator = evaluator(properties(16));
		catchThrowableOfType(BudgetExhaustedException.class,
				() -> evaluator.evaluate(request, JobUsage.start(null, new JobBudget(null, 5L, null, null))));

		Evaluation evaluation = evaluator.evaluate(request, JobUsage.start(null, null));

		assertThat(evaluation.cacheHits()).isEqualTo(5);
		assertThat(evaluation.paidCalls()).isEqualTo(15);
		assertThat(openAi.requestCount()).isEqualTo(20);
	}

	@Test
	void aResumedJobContinuesFromItsPersistedTotals() {
		openAi.answerAll("yes");
		JobUsage resumed = JobUsage.resume(null, new JobBudget(null, 5L, null, null),
				new UsageTotals(4, 10, 48, 12, BigDecimal.ZERO));

		BudgetExhaustedException exhausted = catchThrowableOfType(BudgetExhaustedException.class,
				() -> evaluator(properties(16)).evaluate(
						new EvaluationRequest(null, INSTRUCTION, examples(3, "yes"), Metric.EXACT_MATCH), resumed));

		assertThat(exhausted.limit()).isEqualTo(BudgetLimit.CALLS);
		assertThat(openAi.requestCount()).isEqualTo(1);
		assertThat(resumed.totals()).isEqualTo(new UsageTotals(5, 10, 60, 15, BigDecimal.ZERO));
	}

	@Test
	void cacheHitsAreFreeEvenWhenTheBudgetIsSpent() {
		openAi.answerAll("yes");
		EvaluationRequest request = new EvaluationRequest(null, INSTRUCTION, examples(3, "yes"), Metric.EXACT_MATCH);
		BlackBoxEvaluator evaluator = evaluator(properties(16));
		evaluator.evaluate(request, JobUsage.start(null, null));

		JobUsage spent = JobUsage.start(null, new JobBudget(null, 0L, 0L, BigDecimal.ZERO));
		Evaluation evaluation = evaluator.evaluate(request, spent);

		assertThat(evaluation.cacheHits()).isEqualTo(3);
		assertThat(spent.totals().cacheHits()).isEqualTo(3);
		assertThat(openAi.requestCount()).isEqualTo(3);
	}

	@Test
	void tokenBudgetStopsWhereTheNextCallCouldGoPastIt() {
		openAi.answerAll("yes");
		long max = tokenUpperBound() + 9 * TOKENS_PER_CALL;
		JobUsage usage = JobUsage.start(null, new JobBudget(null, null, max, null));

		BudgetExhaustedException exhausted = catchThrowableOfType(BudgetExhaustedException.class,
				() -> evaluator(properties(16)).evaluate(
						new EvaluationRequest(null, INSTRUCTION, examples(20, "yes"), Metric.EXACT_MATCH), usage));

		// call k (0-based) fits while 15 k + bound <= max: calls 0..9
		assertThat(exhausted.limit()).isEqualTo(BudgetLimit.TOKENS);
		assertThat(openAi.requestCount()).isEqualTo(10);
		assertThat(usage.totals().tokens()).isEqualTo(10 * TOKENS_PER_CALL).isLessThanOrEqualTo(max);
	}

	@Test
	void costBudgetStopsWhereTheNextCallCouldGoPastIt() {
		openAi.answerAll("yes");
		PricingProperties pricing = new PricingProperties(
				Map.of("gpt-test", new PricingProperties.ModelPrice(new BigDecimal("1.0"), new BigDecimal("2.0"))));
		long promptBound = tokenUpperBound() - 256;
		BigDecimal callCost = pricing.costUsd("gpt-test", 12, 3);
		BigDecimal max = pricing.costUsd("gpt-test", promptBound, 256).add(callCost.multiply(BigDecimal.valueOf(4)));
		JobUsage usage = JobUsage.start(null, new JobBudget(null, null, null, max));

		BudgetExhaustedException exhausted = catchThrowableOfType(BudgetExhaustedException.class,
				() -> evaluator(properties(16), pricing, dataSource()).evaluate(
						new EvaluationRequest(null, INSTRUCTION, examples(20, "yes"), Metric.EXACT_MATCH), usage));

		assertThat(exhausted.limit()).isEqualTo(BudgetLimit.COST);
		assertThat(openAi.requestCount()).isEqualTo(5);
		assertThat(callCost).isEqualByComparingTo("0.000018");
		assertThat(usage.totals().costUsd()).isEqualByComparingTo(callCost.multiply(BigDecimal.valueOf(5)));
	}

}
