package dev.instructzero.trial;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers behind trial scores, written in bulk: every column round-trips (several,
 * one or no acceptable outputs, a null verdict, text that needs quoting), rows come back
 * in example order, and a second write of the same rows keeps the first.
 */
@IntegrationTest
// the same properties as CostAccuracyFrontApiTest, to share its context
@TestPropertySource(properties = { "spring.ai.openai.api-key=test-key",
		"instructzero.evaluator.default-model=gpt-front", "instructzero.pricing[gpt-front].input-usd-per-mtok=2.5",
		"instructzero.pricing[gpt-front].output-usd-per-mtok=10" })
class TrialAnswerRepositoryTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	TrialAnswerRepository answers;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void storesEveryColumnOfABulkWriteAndReadsItBackInExampleOrder() throws Exception {
		UUID jobId = CostAccuracyFrontApiTest.cancelledJob(this.mvc);
		List<ExampleAnswer> written = List.of(
				new ExampleAnswer(2, "big, \"quoted\"", List.of("small", "little", "{tiny}"), "small", 1.0, null),
				new ExampleAnswer(0, "hot", List.of("cold"), "warm", 0.0, "NO: not an antonym"),
				new ExampleAnswer(1, "groß\nüber", List.of(), "klein", 0.5, "judge said: partly"),
				new ExampleAnswer(3, "", List.of(""), "", 0.25, ""));
		this.transactions
			.executeWithoutResult((tx) -> this.answers.insert(jobId, 4, TrialAnswerRepository.DEV, written));

		List<ExampleAnswer> expected = new ArrayList<>(written);
		expected.sort((a, b) -> Integer.compare(a.index(), b.index()));
		assertThat(this.answers.find(jobId, 4, TrialAnswerRepository.DEV)).containsExactlyElementsOf(expected);
		assertThat(this.answers.find(jobId, 4, TrialAnswerRepository.TEST)).isEmpty();
		assertThat(this.answers.find(jobId, 5, TrialAnswerRepository.DEV)).isEmpty();
	}

	@Test
	void aSecondWriteOfTheSameRowsKeepsTheFirstAndAddsTheNewOnes() throws Exception {
		UUID jobId = CostAccuracyFrontApiTest.cancelledJob(this.mvc);
		ExampleAnswer first = new ExampleAnswer(0, "hot", List.of("cold"), "cold", 1.0, null);
		this.transactions
			.executeWithoutResult((tx) -> this.answers.insert(jobId, 0, TrialAnswerRepository.TEST, List.of(first)));
		ExampleAnswer added = new ExampleAnswer(1, "big", List.of("small"), "large", 0.0, null);
		this.transactions.executeWithoutResult((tx) -> this.answers.insert(jobId, 0, TrialAnswerRepository.TEST,
				List.of(new ExampleAnswer(0, "hot", List.of("cold"), "hot", 0.0, "changed"), added)));
		this.transactions
			.executeWithoutResult((tx) -> this.answers.insert(jobId, 0, TrialAnswerRepository.TEST, List.of()));

		assertThat(this.answers.find(jobId, 0, TrialAnswerRepository.TEST)).containsExactly(first, added);
	}

}
