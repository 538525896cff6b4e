package dev.instructzero.evaluator;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.instructzero.generator.ApeInstructionGenerator;
import dev.instructzero.generator.Exemplar;
import dev.instructzero.generator.GeneratedInstruction;
import dev.instructzero.generator.GenerationFailedException;
import dev.instructzero.generator.GeneratorProperties;
import dev.instructzero.task.Metric;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The APE baseline's proposals take the evaluator's call path: budget, cache, ledger,
 * retries and metrics; and cancellation stops paid calls before they are sent.
 */
class ApeThroughEvaluatorTest extends EvaluatorTestSupport {

	static final GeneratorProperties.Ape APE = new GeneratorProperties.Ape(null, 0.7, 50,
			GeneratorProperties.Ape.DEFAULT_TEMPLATE);

	static final List<Exemplar> EXEMPLARS = List.of(new Exemplar("hot", "cold"), new Exemplar("up", "down"));

	@Test
	void asksWithApesForwardTemplateThroughTheEvaluator() {
		openAi.answerAll(" write the antonym of the word. Comment: fine");
		UUID job = UUID.randomUUID();
		JobUsage usage = JobUsage.start(job, null);
		GeneratedInstruction generated = new ApeInstructionGenerator(evaluator(properties(4)), APE).generate(EXEMPLARS,
				"gpt-test", "1/0", usage);

		assertThat(generated.instruction()).isEqualTo("The instruction was to write the antonym of the word");
		JsonNode body = openAi.requestBodies().get(0);
		assertThat(body.path("messages").path(0).path("content").asString())
			.isEqualTo("I gave a friend an instruction and five inputs. "
					+ "The friend read the instruction and wrote an output for every one of the inputs. "
					+ "Here are the input-output pairs:\n\nInput: hot\nOutput: cold\n\nInput: up\nOutput: down"
					+ "\n\nThe instruction was to");
		assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
		assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
		assertThat(usage.totals().paidCalls()).isEqualTo(1);
		assertThat(this.meters.get("instructzero.blackbox.calls").tag("result", "paid").counter().count())
			.isEqualTo(1.0);
		assertThat(new BlackBoxCallRepository(JdbcClient.create(dataSource())).paidBy(job).paidCalls()).isEqualTo(1);
	}

	@Test
	void samplesAreDistinctCallsAndTheSameSampleIsACacheHit() {
		openAi.answerAll(" reverse the word.");
		ApeInstructionGenerator ape = new ApeInstructionGenerator(evaluator(properties(4)), APE);
		JobUsage usage = JobUsage.start(UUID.randomUUID(), null);
		ape.generate(EXEMPLARS, "gpt-test", "7/0", usage);
		ape.generate(EXEMPLARS, "gpt-test", "7/1", usage);
		ape.generate(EXEMPLARS, "gpt-test", "7/0", usage);
		assertThat(openAi.requestCount()).isEqualTo(2);
		assertThat(usage.totals().paidCalls()).isEqualTo(2);
		assertThat(usage.totals().cacheHits()).isEqualTo(1);
	}

	@Test
	void proposalsCountAgainstTheJobsBudgetAndAreRetried() {
		openAi.answerAll(" reverse the word.");
		ApeInstructionGenerator ape = new ApeInstructionGenerator(evaluator(properties(4)), APE);
		JobUsage usage = JobUsage.start(null, new JobBudget(null, 1L, null, null));
		ape.generate(EXEMPLARS, "gpt-test", "1/0", usage);
		assertThatExceptionOfType(BudgetExhaustedException.class)
			.isThrownBy(() -> ape.generate(EXEMPLARS, "gpt-test", "1/1", usage));
		assertThat(openAi.requestCount()).isEqualTo(1);

		openAi.reset();
		openAi.server.stubFor(WireMock.post(WireMock.anyUrl()).willReturn(OpenAiStub.error(503)));
		assertThatExceptionOfType(GenerationFailedException.class)
			.isThrownBy(() -> ape.generate(EXEMPLARS, "gpt-test", "1/2", JobUsage.start(null, null)))
			.withMessageContaining("after 5 attempt(s)");
		assertThat(openAi.requestCount()).isEqualTo(5);
		assertThat(this.sleeps).hasSize(4);
	}

	@Test
	void failsClearlyWithoutAnEvaluator() {
		assertThatExceptionOfType(GenerationFailedException.class)
			.isThrownBy(() -> new ApeInstructionGenerator((BlackBoxEvaluator) null, APE).generate(EXEMPLARS, "m", "0",
					JobUsage.start(null, null)));
	}

	@Test
	void aCancelledJobSendsNoFurtherCalls() {
		openAi.answerAll("y");
		AtomicBoolean cancelled = new AtomicBoolean();
		JobUsage usage = JobUsage.resume(UUID.randomUUID(), null, UsageTotals.ZERO, cancelled::get);
		BlackBoxEvaluator evaluator = evaluator(properties(2));
		evaluator.evaluate(new EvaluationRequest(null, "first", examples(3, "y"), Metric.EXACT_MATCH), usage);
		assertThat(openAi.requestCount()).isEqualTo(3);
		cancelled.set(true);
		assertThatExceptionOfType(CallsCancelledException.class).isThrownBy(() -> evaluator
			.evaluate(new EvaluationRequest(null, "second", examples(20, "y"), Metric.EXACT_MATCH), usage));
		assertThat(openAi.requestCount()).isEqualTo(3);
	}

}
