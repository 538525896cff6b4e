package dev.instructzero.job;

import dev.instructzero.run.BayesianSoftPromptSearch;
import dev.instructzero.run.StopReason;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.instructzero.evaluator.SimulatedBlackBox;
import dev.instructzero.run.TrialResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import dev.instructzero.evaluator.JobBudget;

/**
 * Racing against full dev evaluation on a {@link SimulatedTaskWorld}, both budget-driven
 * with the same {@code maxBlackBoxCalls} (3,000 = 150 instructions x 20 by default) and
 * convergence off, driving the real {@link dev.instructzero.run.Run}. Per seed and arm:
 * paid calls, the true accuracy of the instruction the job would return (best dev score
 * among fully scored instructions, before any final selection), the best true accuracy
 * among fully scored instructions, and the paid calls after which each arm had fully
 * scored an instruction as good (true accuracy) as the best that full evaluation found.
 * Run with
 * {@code ./mvnw -Pbench test -Dtest=RacingBenchmark [-Dbench.seeds=10] [-Dbench.calls=3000] [-Dbench.confidence=0.95] [-Dbench.stages=5,10] [-Dbench.out=docs/bench/racing-seeds.csv]};
 * writes the CSV (appended per seed).
 */
@Tag("bench")
class RacingBenchmark {

	static final Path SEEDS = Path.of("docs/bench/racing-seeds.csv");

	@Test
	void racingAgainstFullEvaluation() throws IOException {
		int seeds = Integer.getInteger("bench.seeds", 10);
		long calls = Long.getLong("bench.calls", 3000);
		double confidence = Double.parseDouble(System.getProperty("bench.confidence", "0.95"));
		List<Integer> stages = java.util.Arrays.stream(System.getProperty("bench.stages", "5,10").split(","))
			.map(Integer::valueOf)
			.toList();
		Path out = Path.of(System.getProperty("bench.out", SEEDS.toString()));
		Files.createDirectories(out.getParent());
		Files.writeString(out, "seed,arm,stop,paid_calls,instructions,stopped_early,true_of_returned,"
				+ "best_true_fully_scored,best_true_seen,calls_to_best_of_full,seconds\n");
		for (int seed = 0; seed < seeds; seed++) {
			SimulatedTaskWorld world = new SimulatedTaskWorld(seed);
			double fullBest = Double.NaN;
			for (String arm : List.of("full", "racing")) {
				long started = System.nanoTime();
				SimulatedBlackBox box = new SimulatedBlackBox(world::answer);
				EngineHarness engine = new EngineHarness(new BayesianSoftPromptSearch(), box.evaluator());
				JobSettings settings = JobSettings.defaults(1000 + seed)
					.withEvaluation(DevEvaluation.FULL)
					.untilBudgetSpent()
					.withConvergence(3, Double.NEGATIVE_INFINITY);
				if (arm.equals("racing")) {
					settings = settings.withRacing(stages, confidence);
				}
				StopReason reason = engine.run(Strategy.INSTRUCTZERO, settings, world.devSubset(), world::instruction,
						2000, new JobBudget(null, calls, null, null));
				double seconds = (System.nanoTime() - started) / 1e9;
				List<TrialResult> trials = engine.sortedTrials();
				double returned = trueOfReturned(trials, world);
				double best = bestTrueFullyScored(trials, world);
				if (arm.equals("full")) {
					fullBest = best;
				}
				long toMatch = callsToReach(trials, world, fullBest);
				double seen = trials.stream().mapToDouble((t) -> world.trueAccuracy(t.instruction())).max().orElse(0);
				String line = String.format(Locale.ROOT, "%d,%s,%s,%d,%d,%d,%.4f,%.4f,%.4f,%s,%.1f%n", seed, arm,
						reason, box.calls(), trials.stream().filter((t) -> !t.duplicate()).count(),
						trials.stream().filter((t) -> t.stoppedEarly() && !t.duplicate()).count(), returned, best, seen,
						(toMatch < 0) ? "" : Long.toString(toMatch), seconds);
				System.out.print("BENCH " + line);
				Files.writeString(out, line, StandardOpenOption.APPEND);
			}
		}
	}

	/**
	 * True accuracy of the best-dev fully scored instruction (what the job returns before
	 * its final selection, which the harness runs without extra examples).
	 */
	private static double trueOfReturned(List<TrialResult> trials, SimulatedTaskWorld world) {
		TrialResult best = null;
		for (TrialResult trial : trials) {
			if (!trial.stoppedEarly() && !trial.generationFailed()
					&& (best == null || trial.devScore() > best.devScore())) {
				best = trial;
			}
		}
		return (best == null) ? 0 : world.trueAccuracy(best.instruction());
	}

	/**
	 * Paid calls (trials in ordinal order, each new instruction paying its stage) after
	 * which a fully scored instruction of true accuracy at least {@code level} exists; -1
	 * never.
	 */
	private static long callsToReach(List<TrialResult> trials, SimulatedTaskWorld world, double level) {
		long paid = 0;
		for (TrialResult trial : trials) {
			if (!trial.duplicate()) {
				paid += trial.stage();
			}
			if (!trial.stoppedEarly() && world.trueAccuracy(trial.instruction()) >= level - 1e-12) {
				return paid;
			}
		}
		return -1;
	}

	private static double bestTrueFullyScored(List<TrialResult> trials, SimulatedTaskWorld world) {
		Set<String> seen = new HashSet<>();
		double best = 0;
		for (TrialResult trial : trials) {
			if (!trial.stoppedEarly() && seen.add(trial.instruction())) {
				best = Math.max(best, world.trueAccuracy(trial.instruction()));
			}
		}
		return best;
	}

}
