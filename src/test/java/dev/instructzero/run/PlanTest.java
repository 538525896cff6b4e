package dev.instructzero.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rounds of a plan: initial design, iterations, replacement rounds, the plan's
 * length.
 */
class PlanTest {

	@Test
	void walksTheInitialDesignThenOneBatchPerIteration() {
		Plan plan = new Plan(5, 3, 2, false, 3, false, Integer.MAX_VALUE);
		Batch initial = plan.first();
		assertThat(initial).isEqualTo(new Batch(0, 0, 0, 5, 0, 0));
		Batch first = plan.next(initial, 5);
		assertThat(first).isEqualTo(new Batch(1, 0, 5, 3, 5, 0));
		// without replacement a batch of duplicates is not made up for
		Batch second = plan.next(first, 0);
		assertThat(second).isEqualTo(new Batch(2, 0, 8, 3, 8, 0));
		assertThat(plan.next(second, 3)).isNull();
	}

	@Test
	void replacesAnIterationsDuplicatesUpToTheGenerationCap() {
		Plan plan = new Plan(2, 3, 1, false, 5, true, Integer.MAX_VALUE);
		Batch proposals = plan.next(plan.first(), 1);
		assertThat(proposals).isEqualTo(new Batch(1, 0, 2, 3, 2, 0));
		// one new instruction of three: two replacements
		Batch replacements = plan.next(proposals, 1);
		assertThat(replacements).isEqualTo(new Batch(1, 1, 5, 2, 2, 1));
		// still one short, but only 5 - 5 = 0 generations left: the iteration ends
		assertThat(plan.next(replacements, 1)).isNull();
		// the initial design is never replaced
		assertThat(plan.next(plan.first(), 0).iteration()).isEqualTo(1);
	}

	@Test
	void replacementsLengthenAFixedPlanAndABudgetDrivenPlanGrowsBatchByBatch() {
		Plan fixed = new Plan(2, 3, 4, false, 9, true, Integer.MAX_VALUE);
		assertThat(fixed.trialsPlanned(new Batch(1, 0, 2, 3, 2, 0))).isEmpty();
		// this round's end + the remaining three iterations' nominal batches
		assertThat(fixed.trialsPlanned(new Batch(1, 1, 5, 2, 2, 1))).hasValue(7 + 3 * 3);
		Plan untilBudget = new Plan(2, 3, 0, true, 3, false, 10);
		Batch batch = untilBudget.first();
		for (int i = 0; i < 5; i++) {
			batch = untilBudget.next(batch, batch.size());
		}
		assertThat(batch).isNotNull();
		assertThat(untilBudget.trialsPlanned(batch)).hasValue(10);
	}

}
