package dev.instructzero.job;

import dev.instructzero.run.SoftPromptSearch;
import dev.instructzero.run.BayesianSoftPromptSearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
 * Where the convergence rule of budget-driven runs would stop, on a
 * {@link SimulatedTaskWorld}: one budget-driven job per seed ({@code evaluation} full,
 * defaults otherwise) with convergence switched off runs to its {@code maxBlackBoxCalls},
 * recording the best log EI of each iteration's proposal. Since the rule depends only on
 * the trials before an iteration and that iteration's proposal, and a job with a
 * threshold is the same job until it stops, replaying the rule over this one run gives
 * exactly where each threshold (and patience) would have stopped. Per seed and threshold:
 * paid calls at the stop, the best true accuracy among fully scored instructions at the
 * stop and at the end of the budget (regret of stopping), and the same for the
 * instruction the job would return (best dev score). Run with
 * {@code ./mvnw -Pbench test -Dtest=ConvergenceBenchmark [-Dbench.seeds=10] [-Dbench.calls=6000] [-Dbench.out=docs/bench/convergence]};
 * writes {@code <out>-iterations.csv} and {@code <out>-stops.csv}.
 */
@Tag("bench")
class ConvergenceBenchmark {

	static final double[] THRESHOLDS = { -3, -5, -7, -10, -15, -100, -1000, -1e4, -1e5, Double.NEGATIVE_INFINITY };

	static final int[] PATIENCES = { 3, 4, 5, 6, 8 };

	@Test
	void whereEachThresholdWouldStop() throws IOException {
		int seeds = Integer.getInteger("bench.seeds", 10);
		long calls = Long.getLong("bench.calls", 6000);
		String out = System.getProperty("bench.out", "docs/bench/convergence");
		Path iterationsCsv = Path.of(out + "-iterations.csv");
		Path stopsCsv = Path.of(out + "-stops.csv");
		Files.createDirectories(iterationsCsv.toAbsolutePath().getParent());
		Files.writeString(iterationsCsv,
				"seed,iteration,calls_before,best_log_ei,best_dev_before,best_true_before,returned_true_before\n");
		Files.writeString(stopsCsv, "seed,patience,threshold,stop_iteration,calls_at_stop,calls_at_end,"
				+ "best_true_at_stop,best_true_at_end,returned_true_at_stop,returned_true_at_end\n");
		for (int seed = 0; seed < seeds; seed++) {
			long started = System.nanoTime();
			SimulatedTaskWorld world = new SimulatedTaskWorld(seed);
			SimulatedBlackBox box = new SimulatedBlackBox(world::answer);
			RecordingSearch search = new RecordingSearch(new BayesianSoftPromptSearch());
			EngineHarness engine = new EngineHarness(search, box.evaluator());
			JobSettings settings = JobSettings.defaults(1000 + seed)
				.withEvaluation(DevEvaluation.FULL)
				.untilBudgetSpent()
				.withConvergence(3, Double.NEGATIVE_INFINITY);
			engine.run(Strategy.INSTRUCTZERO, settings, world.devSubset(), world::instruction, 5000,
					new JobBudget(null, calls, null, null));
			List<TrialResult> trials = engine.sortedTrials();
			int iterations = trials.stream().mapToInt(TrialResult::iteration).max().orElse(0) + 1;
			// the proposals of iterations 1, 2, ... in order (round 0 of each)
			List<Double> logEi = search.bestLogEi;
			StringBuilder rows = new StringBuilder();
			for (int it = 1; it < iterations && it - 1 < logEi.size(); it++) {
				rows.append(String.format(Locale.ROOT, "%d,%d,%d,%.4f,%.4f,%.4f,%.4f%n", seed, it,
						callsBefore(trials, it), logEi.get(it - 1), bestDevBefore(trials, it),
						bestTrueBefore(trials, world, it), returnedTrueBefore(trials, world, it)));
			}
			Files.writeString(iterationsCsv, rows, StandardOpenOption.APPEND);
			long endCalls = callsBefore(trials, iterations);
			double endBest = bestTrueBefore(trials, world, iterations);
			double endReturned = returnedTrueBefore(trials, world, iterations);
			StringBuilder stops = new StringBuilder();
			for (int patience : PATIENCES) {
				for (double threshold : THRESHOLDS) {
					int stop = iterations;
					for (int it = patience + 1; it < iterations && it - 1 < logEi.size(); it++) {
						if (logEi.get(it - 1) < threshold && stale(trials, it, patience)) {
							stop = it;
							break;
						}
					}
					stops.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%d,%d,%.4f,%.4f,%.4f,%.4f%n", seed, patience,
							Double.isInfinite(threshold) ? "-inf" : Double.toString(threshold),
							(stop == iterations) ? "" : Integer.toString(stop), callsBefore(trials, stop), endCalls,
							bestTrueBefore(trials, world, stop), endBest, returnedTrueBefore(trials, world, stop),
							endReturned));
				}
			}
			Files.writeString(stopsCsv, stops, StandardOpenOption.APPEND);
			System.out.printf(Locale.ROOT, "BENCH seed %d: %d iterations, %d calls, %.1f s%n%s", seed, iterations,
					box.calls(), (System.nanoTime() - started) / 1e9, stops);
		}
	}

	/**
	 * As BayesianSource's rule: no better fully scored dev score in the last patience
	 * iterations.
	 */
	private static boolean stale(List<TrialResult> trials, int iteration, int patience) {
		double before = Double.NEGATIVE_INFINITY;
		double since = Double.NEGATIVE_INFINITY;
		for (TrialResult trial : trials) {
			if (trial.iteration() >= iteration || trial.generationFailed() || trial.stoppedEarly()) {
				continue;
			}
			if (trial.iteration() < iteration - patience) {
				before = Math.max(before, trial.devScore());
			}
			else {
				since = Math.max(since, trial.devScore());
			}
		}
		return since <= before;
	}

	/** Paid calls of the iterations before {@code iteration} (duplicates pay nothing). */
	private static long callsBefore(List<TrialResult> trials, int iteration) {
		return trials.stream()
			.filter((t) -> t.iteration() < iteration && !t.duplicate())
			.mapToLong(TrialResult::stage)
			.sum();
	}

	private static double bestDevBefore(List<TrialResult> trials, int iteration) {
		return scored(trials, iteration).stream().mapToDouble(TrialResult::devScore).max().orElse(0);
	}

	private static double bestTrueBefore(List<TrialResult> trials, SimulatedTaskWorld world, int iteration) {
		Set<String> seen = new HashSet<>();
		double best = 0;
		for (TrialResult trial : scored(trials, iteration)) {
			if (seen.add(trial.instruction())) {
				best = Math.max(best, world.trueAccuracy(trial.instruction()));
			}
		}
		return best;
	}

	/**
	 * True accuracy of the best-dev fully scored instruction before {@code iteration}.
	 */
	private static double returnedTrueBefore(List<TrialResult> trials, SimulatedTaskWorld world, int iteration) {
		TrialResult best = null;
		for (TrialResult trial : scored(trials, iteration)) {
			if (best == null || trial.devScore() > best.devScore()) {
				best = trial;
			}
		}
		return (best == null) ? 0 : world.trueAccuracy(best.instruction());
	}

	private static List<TrialResult> scored(List<TrialResult> trials, int iteration) {
		return trials.stream()
			.filter((t) -> t.iteration() < iteration && !t.generationFailed() && !t.stoppedEarly())
			.toList();
	}

	/** The real search, remembering the best log EI of each first-round proposal. */
	private static final class RecordingSearch implements SoftPromptSearch {

		final List<Double> bestLogEi = new ArrayList<>();

		private final SoftPromptSearch search;

		RecordingSearch(SoftPromptSearch search) {
			this.search = search;
		}

		@Override
		public List<double[]> initialDesign(int count, int dimension, long seed) {
			return this.search.initialDesign(count, dimension, seed);
		}

		@Override
		public List<double[]> propose(List<Observation> observed, dev.instructzero.bo.KernelChoice kernel, int q,
				long seed) {
			return this.search.propose(observed, kernel, q, seed);
		}

		@Override
		public Proposed proposeScored(List<Observation> observed, dev.instructzero.bo.KernelChoice kernel, int q,
				long seed) {
			Proposed proposed = this.search.proposeScored(observed, kernel, q, seed);
			this.bestLogEi.add(proposed.bestLogExpectedImprovement());
			return proposed;
		}

		@Override
		public List<double[]> proposeReplacements(List<Observation> observed, int firstRound, long firstRoundSeed,
				dev.instructzero.bo.KernelChoice kernel, int q, long seed) {
			return this.search.proposeReplacements(observed, firstRound, firstRoundSeed, kernel, q, seed);
		}

	}

}
