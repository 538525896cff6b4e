package dev.instructzero.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.instructzero.bo.FittedHyperparameters;
import dev.instructzero.bo.KernelChoice;
import dev.instructzero.evaluator.SimulatedBlackBox;
import dev.instructzero.run.BayesianSoftPromptSearch;
import dev.instructzero.run.StopReason;
import dev.instructzero.run.TrialResult;
import dev.instructzero.task.LabeledExample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code async} schedule on the real engine and search without Spring: proposals are
 * made while candidates are still running, pending points are not proposed again, the
 * plan's caps hold, and a resumed job pays nothing twice.
 */
class AsyncScheduleTest {

	static final int INITIAL = 4;

	static final int BATCH = 3;

	static final int ITERATIONS = 3;

	static final List<LabeledExample> DEV = IntStream.range(0, 5)
		.mapToObj((i) -> LabeledExample.of("in" + i, "out" + i))
		.toList();

	/** A cell of a 5 × 5 grid over the first two coordinates is one instruction. */
	static String decode(double[] z) {
		return "Instruction " + cell(z[0]) + "-" + cell(z[1]);
	}

	private static long cell(double v) {
		return Math.min(4, (long) Math.floor((v + 1) * 2.5));
	}

	/** Right on an example for some instructions, wrong for others: scores vary. */
	static SimulatedBlackBox blackBox() {
		return new SimulatedBlackBox((instruction, input) -> (Math.floorMod((instruction + input).hashCode(), 3) == 0)
				? input.replace("in", "out") : "wrong");
	}

	static JobSettings settings() {
		return new JobSettings(INITIAL, BATCH, ITERATIONS, 5, DEV.size(), 5, 2, KernelChoice.LATENT, 7L, null, null,
				null, null)
			.withDefaults(Strategy.INSTRUCTZERO, 0)
			.withSchedule(ProposalSchedule.ASYNC);
	}

	/** The real search, recording what each asynchronous proposal saw and gave. */
	static final class RecordingSearch extends BayesianSoftPromptSearch {

		final List<List<double[]>> pending = new CopyOnWriteArrayList<>();

		final List<List<double[]>> proposed = new CopyOnWriteArrayList<>();

		final List<Integer> observed = new CopyOnWriteArrayList<>();

		volatile CountDownLatch proposedWhilePending = new CountDownLatch(0);

		volatile double[] awaited;

		@Override
		public PendingProposed proposePending(List<Observation> observations, List<double[]> pendingPoints,
				KernelChoice kernel, int q, long seed, FittedHyperparameters warmStart) {
			PendingProposed result = super.proposePending(observations, pendingPoints, kernel, q, seed, warmStart);
			this.observed.add(observations.size());
			this.pending.add(List.copyOf(pendingPoints));
			this.proposed.add(result.points());
			double[] waiting = this.awaited;
			if (waiting != null && pendingPoints.stream().anyMatch((p) -> Arrays.equals(p, waiting))) {
				this.proposedWhilePending.countDown();
			}
			return result;
		}

	}

	@Test
	void proposesWhileCandidatesAreStillRunningAndNeverProposesAPendingPointAgain() throws Exception {
		RecordingSearch search = new RecordingSearch();
		search.proposedWhilePending = new CountDownLatch(1);
		EngineHarness engine = new EngineHarness(search, blackBox().evaluator());
		AtomicInteger generations = new AtomicInteger();
		List<Boolean> released = new CopyOnWriteArrayList<>();
		// the first Bayesian-optimisation candidate (the design is done before any)
		// holds its generation until a proposal has been made with it pending: a
		// schedule that waits for every candidate before proposing never releases it
		StopReason reason = engine.run(Strategy.INSTRUCTZERO, settings(), DEV, (z) -> {
			if (generations.getAndIncrement() == INITIAL) {
				search.awaited = z;
				try {
					released.add(search.proposedWhilePending.await(60, TimeUnit.SECONDS));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return decode(z);
		}, Integer.MAX_VALUE);

		assertThat(reason).isEqualTo(StopReason.COMPLETED);
		assertThat(released).as("released by a proposal made while it was pending").containsExactly(true);
		for (int call = 0; call < search.proposed.size(); call++) {
			for (double[] point : search.proposed.get(call)) {
				for (double[] busy : search.pending.get(call)) {
					assertThat(Math.sqrt(IntStream.range(0, point.length)
						.mapToDouble((i) -> (point[i] - busy[i]) * (point[i] - busy[i]))
						.sum())).as("distance of a proposal from a pending point").isGreaterThan(1e-3);
				}
			}
		}
		assertThat(search.pending).anyMatch((p) -> !p.isEmpty());

		List<TrialResult> trials = engine.sortedTrials();
		assertThat(trials).extracting(TrialResult::ordinal)
			.containsExactlyElementsOf(IntStream.range(0, trials.size()).boxed().toList());
		List<TrialResult> proposals = trials.subList(INITIAL, trials.size());
		long fresh = proposals.stream().filter((t) -> !t.duplicate()).count();
		int cap = ITERATIONS * settings().maxGenerationsPerBatch();
		// the plan: 9 new instructions, or every generation it may spend
		assertThat(fresh == ITERATIONS * BATCH || proposals.size() == cap).isTrue();
		assertThat(proposals.size()).isLessThanOrEqualTo(cap);
		assertThat(proposals).allMatch((t) -> t.iteration() >= 1 && t.iteration() <= ITERATIONS);
		assertThat(proposals.get(proposals.size() - 1).iteration()).isEqualTo(ITERATIONS);
		// the plan's length ends where the trials end
		assertThat(engine.plans.get(engine.plans.size() - 1)).isEqualTo(trials.size());
	}

	@Test
	void aFixedPlanWithoutReplacementSpendsExactlyItsBatches() {
		SimulatedBlackBox box = blackBox();
		EngineHarness engine = new EngineHarness(new RecordingSearch(), box.evaluator());
		JobSettings settings = new JobSettings(INITIAL, BATCH, ITERATIONS, 5, DEV.size(), 5, 2, KernelChoice.LATENT, 7L,
				null, null, null, BATCH)
			.withDefaults(Strategy.INSTRUCTZERO, 0)
			.withSchedule(ProposalSchedule.ASYNC);

		EngineHarness uniform = new EngineHarness(new RecordingSearch(), blackBox().evaluator());
		StopReason random = uniform.run(Strategy.RANDOM, settings, DEV, AsyncScheduleTest::decode, Integer.MAX_VALUE);
		assertThat(random).isEqualTo(StopReason.COMPLETED);
		assertThat(uniform.sortedTrials()).extracting(TrialResult::ordinal)
			.containsExactlyElementsOf(IntStream.range(0, INITIAL + ITERATIONS * BATCH).boxed().toList());
		assertThat(uniform.sortedTrials().subList(INITIAL, INITIAL + ITERATIONS * BATCH))
			.allMatch((t) -> t.iteration() >= 1 && t.iteration() <= ITERATIONS);

		// and the trial limit cuts the plan short: BUDGET
		StopReason limited = engine.run(Strategy.INSTRUCTZERO, settings, DEV, AsyncScheduleTest::decode, INITIAL + 5);
		assertThat(limited).isEqualTo(StopReason.BUDGET);
		assertThat(engine.sortedTrials()).extracting(TrialResult::ordinal)
			.containsExactlyElementsOf(IntStream.range(0, INITIAL + 5).boxed().toList());
		assertThat(box.repeatedCalls()).isZero();
	}

	@Test
	void aResumedAsyncJobRebuildsFromItsTrialsAndPaysNothingTwice() {
		JobSettings settings = settings();
		for (int crashAt : new int[] { INITIAL + 1, INITIAL + 5 }) {
			SimulatedBlackBox box = blackBox();
			EngineHarness engine = new EngineHarness(new RecordingSearch(), box.evaluator());
			engine.crashAfter(crashAt);
			assertThatThrownBy(() -> engine.run(Strategy.INSTRUCTZERO, settings, DEV, AsyncScheduleTest::decode,
					Integer.MAX_VALUE))
				.hasMessageContaining("simulated crash");
			assertThat(engine.trials).hasSize(crashAt);
			long callsBeforeResume = box.calls();
			engine.crashAfter(Integer.MAX_VALUE);

			StopReason reason = engine.run(Strategy.INSTRUCTZERO, settings, DEV, AsyncScheduleTest::decode,
					Integer.MAX_VALUE);

			assertThat(reason).isEqualTo(StopReason.COMPLETED);
			List<TrialResult> trials = engine.sortedTrials();
			// the gaps the crash left are filled: ordinals stay contiguous
			assertThat(trials).extracting(TrialResult::ordinal)
				.containsExactlyElementsOf(IntStream.range(0, trials.size()).boxed().toList());
			assertThat(box.repeatedCalls()).as("black-box calls paid twice").isZero();
			assertThat(engine.usage().paidCalls()).isEqualTo(box.calls());
			Set<String> scored = new HashSet<>();
			List<String> firstScorings = new ArrayList<>();
			for (TrialResult trial : trials) {
				scored.add(trial.instruction());
				if (!trial.duplicate()) {
					firstScorings.add(trial.instruction());
				}
			}
			// each instruction is scored once, and the resumed run paid only for new
			// (instruction, example) pairs: at most one call per example of each
			assertThat(firstScorings).doesNotHaveDuplicates();
			assertThat(box.calls()).isGreaterThan(callsBeforeResume)
				.isLessThanOrEqualTo((long) (scored.size() + BATCH) * DEV.size());
		}
	}

}
