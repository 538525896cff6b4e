package dev.instructzero.evaluator;

import java.util.List;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.Metric;
import dev.instructzero.task.MetricOptions;
import dev.instructzero.task.PromptTemplate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The llm_judge metric against a stub OpenAI server: prompts, parsing, retry, cache,
 * counts.
 */
class LlmJudgeTest extends EvaluatorTestSupport {

	private static final MetricOptions JUDGED_BY_O = new MetricOptions(null, null, null, null, null, null, null,
			"o-test", "Same city?");

	private static final List<LabeledExample> EXAMPLES = List.of(LabeledExample.of("a", "Paris"),
			LabeledExample.of("b", "Lyon"), LabeledExample.of("c", "Nice"), LabeledExample.of("d", "Nice"));

	private void stubBlackBoxAndJudge() {
		openAi.answerInput("a", "Paris");
		openAi.answerInput("b", "Lyons");
		openAi.answerInput("c", " ");
		openAi.answerInput("d", "Nizza");
		judge("Paris", false, "SCORE: 1");
		judge("Lyons", false, "The answer is close.");
		judge("Lyons", true, "SCORE: 0.25");
		judge("Nizza", false, "hmm");
		judge("Nizza", true, "I would say 0.5");
	}

	private static void judge(String answer, boolean retry, String reply) {
		var request = WireMock.post(OpenAiStub.PATH)
			.withRequestBody(WireMock.matchingJsonPath("$.model", WireMock.equalTo("o-test")))
			.withRequestBody(WireMock.matchingJsonPath("$.messages[1].content",
					WireMock.containing("Answer to grade:\n" + answer)));
		request = retry ? request.withRequestBody(WireMock.matchingJsonPath("$.messages[3]"))
				: request.withRequestBody(WireMock.notContaining(JudgePrompt.REMINDER));
		openAi.server.stubFor(request.atPriority(1).willReturn(OpenAiStub.answer(reply)));
	}

	@Test
	void theJudgeGradesEachAnswerRetriesAnUnreadableReplyOnceThenScoresZero() {
		stubBlackBoxAndJudge();
		JobUsage usage = JobUsage.start(null, null);
		Evaluation evaluation = evaluator(properties(16)).evaluate(new EvaluationRequest(null, "Name the city.",
				EXAMPLES, Metric.LLM_JUDGE, JUDGED_BY_O, PromptTemplate.APE), usage);

		// a: 1; b: 0.25 on the retry; c: blank, not judged, 0; d: unreadable twice, 0
		assertThat(evaluation.exampleScores()).containsExactly(1.0, 0.25, 0.0, 0.0);
		assertThat(evaluation.score()).isCloseTo(1.25 / 4, within(1e-12));
		assertThat(evaluation.verdicts()).containsExactly("SCORE: 1", "SCORE: 0.25", null, "I would say 0.5");
		// the evaluation's own counts are the black box's; the judge's are apart
		assertThat(evaluation.paidCalls()).isEqualTo(4);
		assertThat(usage.totals().paidCalls()).isEqualTo(4 + 5);
		JudgeTotals judge = usage.judgeTotals();
		assertThat(judge.calls()).isEqualTo(5);
		assertThat(judge.unparsed()).isEqualTo(1);
		// every stubbed reply reports 12 prompt and 3 completion tokens
		assertThat(judge.tokensIn()).isEqualTo(5 * 12);
		assertThat(judge.tokensOut()).isEqualTo(5 * 3);
		assertThat(usage.totals().tokensIn()).isEqualTo(9 * 12);

		List<JsonNode> judgeCalls = openAi.requestBodies()
			.stream()
			.filter((b) -> b.get("model").asString().equals("o-test"))
			.toList();
		assertThat(judgeCalls).hasSize(5);
		JsonNode paris = judgeCalls.stream()
			.filter((b) -> b.get("messages").get(1).get("content").asString().endsWith("Paris"))
			.findFirst()
			.orElseThrow();
		assertThat(paris.get("temperature").asDouble()).isEqualTo(0.0);
		assertThat(paris.get("max_completion_tokens").asInt()).isEqualTo(JudgePrompt.MAX_TOKENS);
		assertThat(paris.get("messages")).hasSize(2);
		assertThat(paris.get("messages").get(0).get("role").asString()).isEqualTo("system");
		assertThat(paris.get("messages").get(0).get("content").asString()).isEqualTo(JudgePrompt.SYSTEM);
		assertThat(paris.get("messages").get(1).get("content").asString()).isEqualTo(
				"Rubric:\nSame city?\n\nInput:\na\n\nExpected output (any of these is right):\n- Paris\n\nAnswer to grade:\nParis");

		// the same evaluation again: everything from the cache, nothing paid, the
		// unreadable
		// verdict counted for this run too
		int requests = openAi.requestCount();
		Evaluation again = evaluator(properties(16)).evaluate(new EvaluationRequest(null, "Name the city.", EXAMPLES,
				Metric.LLM_JUDGE, JUDGED_BY_O, PromptTemplate.APE), usage);
		assertThat(openAi.requestCount()).isEqualTo(requests);
		assertThat(again.exampleScores()).containsExactly(1.0, 0.25, 0.0, 0.0);
		assertThat(usage.judgeTotals().calls()).isEqualTo(5);
		assertThat(usage.judgeTotals().unparsed()).isEqualTo(2);
	}

	@Test
	void refusesAJudgeModelThatIsNotAllowed() {
		openAi.answerAll("Paris");
		MetricOptions unknownJudge = new MetricOptions(null, null, null, null, null, null, null, "gpt-judge", "r");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> evaluator(properties(16))
						.evaluate(
								new EvaluationRequest(null, "x", List.of(LabeledExample.of("q", "Paris")),
										Metric.LLM_JUDGE, unknownJudge, PromptTemplate.APE),
								JobUsage.start(null, null)))
			.withMessageContaining("gpt-judge");
	}

	@Test
	void readsOnlyTheStrictScoreFormat() {
		assertThat(JudgePrompt.parse("SCORE: 1").getAsDouble()).isEqualTo(1.0);
		assertThat(JudgePrompt.parse(" SCORE:0.75\n").getAsDouble()).isEqualTo(0.75);
		assertThat(JudgePrompt.parse("SCORE: 0").getAsDouble()).isEqualTo(0.0);
		assertThat(JudgePrompt.parse("SCORE: 1.0").getAsDouble()).isEqualTo(1.0);
		assertThat(JudgePrompt.parse("SCORE: 1.5")).isEmpty();
		assertThat(JudgePrompt.parse("SCORE: -0.5")).isEmpty();
		assertThat(JudgePrompt.parse("Score: 1")).isEmpty();
		assertThat(JudgePrompt.parse("SCORE: 0.8 because it is close")).isEmpty();
		assertThat(JudgePrompt.parse("")).isEmpty();
		assertThat(JudgePrompt.parse(null)).isEmpty();
	}

}
