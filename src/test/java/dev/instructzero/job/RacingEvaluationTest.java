package dev.instructzero.job;

import dev.instructzero.run.SoftPromptSearch;
import dev.instructzero.run.BayesianSoftPromptSearch;
import dev.instructzero.run.StopReason;
import dev.instructzero.run.JobInterruptedException;

import java.util.List;

import dev.instructzero.bo.BetaPosterior;
import dev.instructzero.bo.Observations;
import dev.instructzero.evaluator.SimulatedBlackBox;
import dev.instructzero.run.TrialResult;
import org.junit.jupiter.api.Test;
import dev.instructzero.evaluator.JobBudget;
import dev.instructzero.bo.KernelChoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Racing (staged dev evaluation) and budget-driven runs on the real
 * {@link dev.instructzero.run.Run} with a {@link SimulatedTaskWorld}.
 */
class RacingEvaluationTest {

	private static final int DEV = 20;

	private static JobSettings racing(long seed) {
		return new JobSettings(10, 10, 3, null, DEV, 5, 10, KernelChoice.INSTRUCTION_COUPLED, seed, null, 5, 0, 20)
			.withDefaults(Strategy.INSTRUCTZERO, seed)
			.withRacing(List.of(5, 10), 0.95);
	}

	@Test
	void stopsHopelessInstructionsAfterAStageAndPaysOnlyForTheExamplesItScored() {
		SimulatedTaskWorld world = new SimulatedTaskWorld(3);
		SimulatedBlackBox box = new SimulatedBlackBox(world::answer);
		EngineHarness engine = new EngineHarness(new BayesianSoftPromptSearch(), box.evaluator());
		assertThat(
				engine.run(Strategy.INSTRUCTZERO, racing(7), world.devSubset(), world::instruction, Integer.MAX_VALUE))
			.isEqualTo(StopReason.COMPLETED);
		List<TrialResult> trials = engine.sortedTrials();
		long stopped = trials.stream().filter((t) -> t.stoppedEarly() && !t.duplicate()).count();
		assertThat(stopped).as("racing stopped some instructions").isPositive();
		for (TrialResult trial : trials) {
			if (trial.iteration() == 0) {
				// no fully scored instruction to beat yet
				assertThat(trial.stoppedEarly()).isFalse();
			}
			if (trial.stoppedEarly()) {
				assertThat(trial.stage()).isIn(5, 10);
				double sum = java.util.Arrays.stream(trial.exampleScores()).sum();
				assertThat(trial.devScore()).isCloseTo(sum / trial.stage(), within(1e-12));
				// the rule: the 95% Beta-posterior bound was below the dev score of a
				// fully
				// scored earlier trial
				double incumbent = trials.stream()
					.filter((t) -> t.ordinal() < trial.ordinal() && !t.stoppedEarly())
					.mapToDouble(TrialResult::devScore)
					.max()
					.orElseThrow();
				assertThat(BetaPosterior.upperBound(sum, trial.stage(), 0.95)).isLessThan(incumbent);
			}
			else {
				assertThat(trial.stage()).isEqualTo(DEV);
			}
		}
		// paid calls = distinct (instruction, example) pairs = the stages of the new
		// instructions
		long pairs = trials.stream().filter((t) -> !t.duplicate()).mapToLong(TrialResult::stage).sum();
		assertThat(box.calls()).isEqualTo(pairs);
		assertThat(box.repeatedCalls()).isZero();
		long distinct = trials.stream().filter((t) -> !t.duplicate()).count();
		assertThat(pairs).isLessThan(distinct * DEV);
		// the best is fully scored
		assertThat(engine.best().orElseThrow().stoppedEarly()).isFalse();
	}

	@Test
	void fullEvaluationScoresEveryInstructionOnTheWholeSubset() {
		SimulatedTaskWorld world = new SimulatedTaskWorld(3);
		SimulatedBlackBox box = new SimulatedBlackBox(world::answer);
		EngineHarness engine = new EngineHarness(new BayesianSoftPromptSearch(), box.evaluator());
		engine.run(Strategy.INSTRUCTZERO, racing(7).withEvaluation(DevEvaluation.FULL), world.devSubset(),
				world::instruction, Integer.MAX_VALUE);
		List<TrialResult> trials = engine.sortedTrials();
		assertThat(trials).allSatisfy((t) -> {
			assertThat(t.stoppedEarly()).isFalse();
			assertThat(t.stage()).isEqualTo(DEV);
		});
		assertThat(box.calls()).isEqualTo(trials.stream().filter((t) -> !t.duplicate()).count() * DEV);
	}

	@Test
	void resumedRacingJobDoesNotScoreAStoppedInstructionAgain() {
		SimulatedTaskWorld world = new SimulatedTaskWorld(3);
		SimulatedBlackBox reference = new SimulatedBlackBox(world::answer);
		EngineHarness uninterrupted = new EngineHarness(new BayesianSoftPromptSearch(), reference.evaluator());
		uninterrupted.run(Strategy.INSTRUCTZERO, racing(7), world.devSubset(), world::instruction, Integer.MAX_VALUE);
		List<TrialResult> expected = uninterrupted.sortedTrials();
		int firstStopped = expected.stream()
			.filter(TrialResult::stoppedEarly)
			.mapToInt(TrialResult::ordinal)
			.min()
			.orElseThrow();

		SimulatedBlackBox box = new SimulatedBlackBox(world::answer);
		EngineHarness engine = new EngineHarness(new BayesianSoftPromptSearch(), box.evaluator());
		// trials are recorded as they finish, not in ordinal order: the crash waits until
		// a stopped instruction is among them
		engine.crashWhen((persisted) -> persisted.size() >= firstStopped + 4
				&& persisted.stream().anyMatch(TrialResult::stoppedEarly));
		try {
			engine.run(Strategy.INSTRUCTZERO, racing(7), world.devSubset(), world::instruction, Integer.MAX_VALUE);
		}
		catch (JobInterruptedException expectedCrash) {
			// the replica died
		}
		assertThat(engine.trials).anySatisfy((t) -> assertThat(t.stoppedEarly()).isTrue());
		engine.crashAfter(Integer.MAX_VALUE);
		engine.run(Strategy.INSTRUCTZERO, racing(7), world.devSubset(), world::instruction, Integer.MAX_VALUE);
		List<TrialResult> resumed = engine.sortedTrials();
		assertThat(resumed).hasSameSizeAs(expected);
		for (int i = 0; i < expected.size(); i++) {
			assertThat(resumed.get(i).instruction()).isEqualTo(expected.get(i).instruction());
			assertThat(resumed.get(i).stoppedEarly()).isEqualTo(expected.get(i).stoppedEarly());
			assertThat(resumed.get(i).exampleScores()).isEqualTo(expected.get(i).exampleScores());
		}
		// the call cache would hide a repeated call from the bill: the black box itself
		// saw each pair once
		assertThat(box.repeatedCalls()).isZero();
		assertThat(box.calls()).isEqualTo(reference.calls());
	}

	@Test
	void theGaussianProcessSeesAStoppedInstructionAsItsPartialMeanNotAsFailuresOnTheRest() {
		double[] z = new double[10];
		double[] partial = { 1, 1, 1, 1, 0 };
		double[] full = new double[DEV];
		java.util.Arrays.fill(full, 0.5);
		double[] z2 = new double[10];
		z2[0] = 0.5;
		List<SoftPromptSearch.Observation> observed = List.of(new SoftPromptSearch.Observation(z, 0.8, partial),
				new SoftPromptSearch.Observation(z2, 0.5, full));
		Observations observations = BayesianSoftPromptSearch.observations(observed, KernelChoice.INSTRUCTION_COUPLED);
		// a failure reading would give 4/20 = 0.2 and zeros on examples 6..20
		assertThat(observations.scores()[0]).isEqualTo(0.8);
		double[] vector = observations.scoreVectors()[0];
		assertThat(vector).hasSize(DEV);
		assertThat(java.util.Arrays.copyOfRange(vector, 0, 5)).containsExactly(partial);
		for (int j = 5; j < DEV; j++) {
			assertThat(vector[j]).isEqualTo(0.8);
		}
		// the partial mean is noisier than a full score: p~(1-p~)/k (m-k)/(m-1), p~ =
		// 5/7
		double smoothed = 5.0 / 7;
		assertThat(observations.extraNoise()[0]).isCloseTo(smoothed * (1 - smoothed) / 5 * 15 / 19, within(1e-15));
		assertThat(observations.extraNoise()[1]).isZero();
		assertThat(observations.scoreVectors()[1]).containsExactly(full);
	}

	@Test
	void budgetDrivenJobRunsPastTheDefaultIterationsUntilItsCallsAreSpent() {
		SimulatedTaskWorld world = new SimulatedTaskWorld(4);
		SimulatedBlackBox box = new SimulatedBlackBox(world::answer);
		EngineHarness engine = new EngineHarness(new BayesianSoftPromptSearch(), box.evaluator());
		JobSettings settings = new JobSettings(5, 5, null, null, DEV, 5, 10, KernelChoice.INSTRUCTION_COUPLED, 9L, null,
				5, 0, 5)
			.untilBudgetSpent()
			.withDefaults(Strategy.INSTRUCTZERO, 9)
			// never converged: only the budget stops it
			.withConvergence(3, Double.NEGATIVE_INFINITY);
		assertThat(settings.iterations()).isNull();
		StopReason reason = engine.run(Strategy.INSTRUCTZERO, settings, world.devSubset(), world::instruction,
				Integer.MAX_VALUE, new JobBudget(null, 900L, null, null));
		assertThat(reason).isEqualTo(StopReason.BUDGET);
		assertThat(box.calls()).isBetween(900L - DEV, 900L);
		assertThat(engine.sortedTrials().stream().mapToInt(TrialResult::iteration).max().orElseThrow())
			.as("more iterations than the default 5")
			.isGreaterThan(5);
		// the plan grows with every round instead of announcing a total
		assertThat(engine.plans).isNotEmpty();
		assertThat(engine.plans.get(engine.plans.size() - 1)).isGreaterThan(5 + 5 * 5);
	}

	@Test
	void budgetDrivenJobConvergesWhenTheBestStallsAndTheNextProposalPromisesNothing() {
		// every instruction scores the same: the best never improves after iteration 0
		SimulatedBlackBox box = new SimulatedBlackBox((instruction, input) -> "something else");
		SimulatedTaskWorld world = new SimulatedTaskWorld(5);
		JobSettings base = new JobSettings(5, 5, null, null, DEV, 5, 10, KernelChoice.INSTRUCTION_COUPLED, 9L, null, 5,
				0, 5)
			.untilBudgetSpent()
			.withDefaults(Strategy.INSTRUCTZERO, 9);
		EngineHarness engine = new EngineHarness(new BayesianSoftPromptSearch(), box.evaluator());
		StopReason reason = engine.run(Strategy.INSTRUCTZERO, base.withConvergence(2, Double.POSITIVE_INFINITY),
				world.devSubset(), world::instruction, Integer.MAX_VALUE, new JobBudget(null, 100_000L, null, null));
		assertThat(reason).isEqualTo(StopReason.CONVERGED);
		// iterations 0 (design), 1 and 2 ran; before iteration 3 the best had not
		// improved
		// for 2 iterations
		assertThat(engine.sortedTrials().stream().mapToInt(TrialResult::iteration).max().orElseThrow()).isEqualTo(2);
		assertThat(box.calls()).isLessThan(100_000L);

		// the same stall with a proposal that still promises improvement: not converged
		SimulatedBlackBox other = new SimulatedBlackBox((instruction, input) -> "something else");
		EngineHarness hopeful = new EngineHarness(new BayesianSoftPromptSearch(), other.evaluator());
		StopReason budget = hopeful.run(Strategy.INSTRUCTZERO, base.withConvergence(2, Double.NEGATIVE_INFINITY),
				world.devSubset(), world::instruction, 60, new JobBudget(null, 100_000L, null, null));
		assertThat(budget).isEqualTo(StopReason.BUDGET);
		assertThat(hopeful.sortedTrials().stream().mapToInt(TrialResult::iteration).max().orElseThrow())
			.isGreaterThan(2);
	}

}
