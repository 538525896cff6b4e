package dev.instructzero.job;

import dev.instructzero.run.SoftPromptSearch;
import dev.instructzero.run.StopReason;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import dev.instructzero.evaluator.SimulatedBlackBox;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.run.TrialResult;
import org.junit.jupiter.api.Test;
import dev.instructzero.bo.KernelChoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replacement of proposals whose instruction the job already had, on the real
 * {@link dev.instructzero.run.Run} with an in-process generator, search and black box.
 */
class BatchReplacementTest {

	static final int INITIAL = 6;

	static final int BATCH = 6;

	static final List<LabeledExample> DEV = IntStream.range(0, 4)
		.mapToObj((i) -> LabeledExample.of("in" + i, "out" + i))
		.toList();

	/**
	 * Soft prompts with z[0] < 0 decode to one of two known instructions, the others to a
	 * text of their own.
	 */
	static String generate(double[] z) {
		if (z[0] < 0) {
			return (z[1] < 0) ? "Known instruction A" : "Known instruction B";
		}
		return "Fresh instruction " + Math.round(z[1] * 1e6);
	}

	/**
	 * A deterministic stand-in for the optimiser: the first batch after the initial
	 * design lies entirely in the known region; later calls put every third point in the
	 * fresh region. Points depend only on the arguments, as the real search's do.
	 */
	static final class ScriptedSearch implements SoftPromptSearch {

		final List<Integer> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

		final boolean freshEver;

		ScriptedSearch(boolean freshEver) {
			this.freshEver = freshEver;
		}

		@Override
		public List<double[]> initialDesign(int count, int dimension, long seed) {
			List<double[]> points = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				// half known (both texts), half fresh
				points.add(new double[] { (i % 2 == 0) ? -0.5 : 0.5, (i % 4 < 2) ? -0.3 - i * 0.01 : 0.3 + i * 0.01 });
			}
			return points;
		}

		@Override
		public List<double[]> propose(List<Observation> observed, KernelChoice kernel, int q, long seed) {
			this.calls.add(q);
			SplittableRandom random = new SplittableRandom(seed * 31 + observed.size());
			List<double[]> points = new ArrayList<>();
			for (int i = 0; i < q; i++) {
				boolean fresh = this.freshEver && observed.size() > INITIAL && (observed.size() + i) % 3 != 0;
				points.add(new double[] { fresh ? 0.5 : -0.5, random.nextDouble(-1, 1) });
			}
			return points;
		}

	}

	static SimulatedBlackBox blackBox() {
		// the answer is right for every instruction: scores do not matter here
		return new SimulatedBlackBox((instruction, input) -> input.replace("in", "out"));
	}

	static JobSettings settings(int iterations, Integer cap) {
		return new JobSettings(INITIAL, BATCH, iterations, 5, DEV.size(), 5, 2, KernelChoice.INSTRUCTION_COUPLED, 7L,
				null, null, null, cap);
	}

	@Test
	void aBatchWhoseProposalsAreAllKnownGetsReplacementsUntilItHasItsNewInstructions() {
		SimulatedBlackBox box = blackBox();
		ScriptedSearch search = new ScriptedSearch(true);
		EngineHarness engine = new EngineHarness(search, box.evaluator());
		JobSettings settings = settings(2, null).withDefaults(Strategy.INSTRUCTZERO, 0);
		assertThat(settings.maxGenerationsPerBatch()).isEqualTo(3 * BATCH);

		StopReason reason = engine.run(Strategy.INSTRUCTZERO, settings, DEV, BatchReplacementTest::generate,
				Integer.MAX_VALUE);

		assertThat(reason).isEqualTo(StopReason.COMPLETED);
		List<TrialResult> trials = engine.sortedTrials();
		assertThat(trials).extracting(TrialResult::ordinal)
			.containsExactlyElementsOf(IntStream.range(0, trials.size()).boxed().toList());
		// the first proposal round of iteration 1 brought nothing new
		assertThat(trials.subList(INITIAL, INITIAL + BATCH)).allMatch(TrialResult::duplicate);
		for (int iteration = 1; iteration <= 2; iteration++) {
			int k = iteration;
			List<TrialResult> batch = trials.stream().filter((t) -> t.iteration() == k).toList();
			assertThat(batch.stream().filter((t) -> !t.duplicate()).count()).as("new instructions of iteration %d", k)
				.isEqualTo(BATCH);
			assertThat(batch.size()).isGreaterThan(BATCH).isLessThanOrEqualTo(3 * BATCH);
		}
		// replacement rounds asked only for what was missing, and the plan grew to the
		// trials run
		assertThat(search.calls.get(0)).isEqualTo(BATCH);
		assertThat(search.calls.subList(1, search.calls.size())).hasSizeGreaterThan(2).allMatch((q) -> q <= BATCH);
		assertThat(engine.plans.get(engine.plans.size() - 1)).isEqualTo(trials.size());
		// a duplicate costs no black-box call: paid = distinct instructions x examples
		long distinct = trials.stream().map(TrialResult::instruction).distinct().count();
		assertThat(box.calls()).isEqualTo(distinct * DEV.size());
		assertThat(engine.usage().paidCalls()).isEqualTo(box.calls());
		assertThat(trials.stream().filter(TrialResult::duplicate)).allMatch((t) -> t.tokensIn() == 0);
	}

	@Test
	void stopsReplacingAtTheGenerationCap() {
		SimulatedBlackBox box = blackBox();
		EngineHarness engine = new EngineHarness(new ScriptedSearch(false), box.evaluator());
		JobSettings settings = settings(2, 2 * BATCH + 1).withDefaults(Strategy.INSTRUCTZERO, 0);

		StopReason reason = engine.run(Strategy.INSTRUCTZERO, settings, DEV, BatchReplacementTest::generate,
				Integer.MAX_VALUE);

		assertThat(reason).isEqualTo(StopReason.COMPLETED);
		List<TrialResult> trials = engine.sortedTrials();
		assertThat(trials).hasSize(INITIAL + 2 * (2 * BATCH + 1));
		assertThat(trials.stream().filter((t) -> t.iteration() == 1)).hasSize(2 * BATCH + 1)
			.allMatch(TrialResult::duplicate);
		long distinct = trials.stream().map(TrialResult::instruction).distinct().count();
		assertThat(box.calls()).isEqualTo(distinct * DEV.size());
	}

	@Test
	void aCapEqualToTheBatchSizeAndTheRandomBaselineKeepOneRoundPerIteration() {
		EngineHarness capped = new EngineHarness(new ScriptedSearch(true), blackBox().evaluator());
		capped.run(Strategy.INSTRUCTZERO, settings(2, BATCH).withDefaults(Strategy.INSTRUCTZERO, 0), DEV,
				BatchReplacementTest::generate, Integer.MAX_VALUE);
		assertThat(capped.trials).hasSize(INITIAL + 2 * BATCH);
		assertThat(capped.plans).isEmpty();

		EngineHarness random = new EngineHarness(new ScriptedSearch(true), blackBox().evaluator());
		random.run(Strategy.RANDOM, settings(2, null).withDefaults(Strategy.INSTRUCTZERO, 0), DEV,
				BatchReplacementTest::generate, Integer.MAX_VALUE);
		assertThat(random.trials).hasSize(INITIAL + 2 * BATCH);
	}

	@Test
	void theTrialLimitCutsReplacementsShort() {
		EngineHarness engine = new EngineHarness(new ScriptedSearch(true), blackBox().evaluator());
		StopReason reason = engine.run(Strategy.INSTRUCTZERO, settings(2, null).withDefaults(Strategy.INSTRUCTZERO, 0),
				DEV, BatchReplacementTest::generate, INITIAL + BATCH + 2);
		assertThat(reason).isEqualTo(StopReason.BUDGET);
		assertThat(engine.trials).hasSize(INITIAL + BATCH + 2);
		assertThat(engine.plans).allMatch((planned) -> planned <= INITIAL + BATCH + 2);
	}

	@Test
	void aResumedJobRunsTheSameTrialsAndPaysNothingTwice() {
		JobSettings settings = settings(3, null).withDefaults(Strategy.INSTRUCTZERO, 0);
		EngineHarness reference = new EngineHarness(new ScriptedSearch(true), blackBox().evaluator());
		reference.run(Strategy.INSTRUCTZERO, settings, DEV, BatchReplacementTest::generate, Integer.MAX_VALUE);
		List<String> expected = describe(reference.sortedTrials());
		int total = expected.size();
		assertThat(total).isGreaterThan(INITIAL + 3 * BATCH);

		// crash inside the first replacement round, inside a later one, and between
		// rounds
		for (int crashAt : new int[] { INITIAL + BATCH + 1, total - 3, INITIAL + BATCH }) {
			SimulatedBlackBox box = blackBox();
			EngineHarness engine = new EngineHarness(new ScriptedSearch(true), box.evaluator());
			engine.crashAfter(crashAt);
			assertThatThrownBy(() -> engine.run(Strategy.INSTRUCTZERO, settings, DEV, BatchReplacementTest::generate,
					Integer.MAX_VALUE))
				.hasMessageContaining("simulated crash");
			assertThat(engine.trials).hasSize(crashAt);
			engine.crashAfter(Integer.MAX_VALUE);
			StopReason reason = engine.run(Strategy.INSTRUCTZERO, settings, DEV, BatchReplacementTest::generate,
					Integer.MAX_VALUE);

			assertThat(reason).isEqualTo(StopReason.COMPLETED);
			assertThat(describe(engine.sortedTrials())).as("trials after a crash at %d", crashAt)
				.containsExactlyElementsOf(expected);
			assertThat(box.repeatedCalls()).as("calls paid twice").isZero();
			Set<String> distinct = new HashSet<>();
			engine.trials.forEach((t) -> distinct.add(t.instruction()));
			assertThat(box.calls()).isEqualTo(distinct.size() * (long) DEV.size());
		}
	}

	/** What must not change on resume: ordinal, iteration, soft prompt, instruction. */
	private static List<String> describe(List<TrialResult> trials) {
		return trials.stream()
			.map((t) -> t.ordinal() + "/" + t.iteration() + "/" + java.util.Arrays.toString(t.softPrompt()) + "/"
					+ t.instruction())
			.toList();
	}

}
