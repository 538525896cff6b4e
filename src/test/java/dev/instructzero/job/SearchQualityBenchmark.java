package dev.instructzero.job;

import dev.instructzero.run.SoftPromptSearch;
import dev.instructzero.run.BayesianSoftPromptSearch;
import dev.instructzero.run.StopReason;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.instructzero.bo.BatchSelection;
import dev.instructzero.bo.BayesianOptimizer;
import dev.instructzero.bo.LengthscalePrior;
import dev.instructzero.bo.OptimizerSettings;
import dev.instructzero.evaluator.SimulatedBlackBox;
import dev.instructzero.run.TrialResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import dev.instructzero.bo.KernelChoice;

/**
 * Search quality on a {@link SimulatedTaskWorld} with the paper's budget (25 initial + 5
 * x 25), driving the real {@link dev.instructzero.run.Run}: {@code instructzero} (the
 * defaults: Kriging-believer batches with the equivalence exclusion, replacement of
 * duplicates up to 3 x 25 generations per iteration, the dimension-scaled log-normal
 * lengthscale prior), {@code instructzero-gamma} (the same with the reference's Gamma(3,
 * 6) prior, the default before this benchmark chose the log-normal one),
 * {@code instructzero-noexclusion} (not run unless named), {@code instructzero-async}
 * (the defaults with {@code schedule: async}; not run unless named, and best with
 * {@code -Dbench.latencyMs}, e.g. 100, so candidates take time), {@code previous}
 * (independent CMA-ES batch, no replacement, the reference's prior) and {@code random}.
 * Run with
 * {@code ./mvnw -Pbench test -Dtest=SearchQualityBenchmark [-Dbench.seeds=10] [-Dbench.arms=a,b]};
 * writes docs/bench/search-quality-iterations.csv and docs/bench/search-quality-seeds.csv
 * (appended per seed as it goes, so a long run can be followed).
 */
@Tag("bench")
class SearchQualityBenchmark {

	static final List<String> ARMS = List.of("instructzero", "instructzero-gamma", "previous", "random");

	/** -Dbench.out: where the CSVs go (prefix), so a run of other arms keeps these. */
	static final String OUT = System.getProperty("bench.out", "docs/bench/search-quality");

	static final Path ITERATIONS = Path.of(OUT + "-iterations.csv");

	static final Path SEEDS = Path.of(OUT + "-seeds.csv");

	@Test
	void searchQuality() throws IOException {
		int seeds = Integer.getInteger("bench.seeds", 10);
		// simulated latency of every generation and every black-box call (0: none); the
		// async schedule only differs from batch when candidates take time
		int latencyMs = Integer.getInteger("bench.latencyMs", 0);
		List<String> arms = List.of(System.getProperty("bench.arms", String.join(",", ARMS)).split(","));
		Files.createDirectories(ITERATIONS.getParent());
		Files.writeString(ITERATIONS, "seed,arm,iteration,trials,duplicates,new_distinct,best_true_found,"
				+ "paid_calls_cumulative,seconds\n");
		Files.writeString(SEEDS, "seed,arm,trials,distinct,duplicate_share_bo,best_true_found,"
				+ "true_of_best_dev,best_dev,best_possible,share_within_0.05_of_best,paid_calls,seconds\n");
		for (int seed = 0; seed < seeds; seed++) {
			SimulatedTaskWorld world = new SimulatedTaskWorld(seed);
			double bestPossible = world.bestPossible();
			double nearBestShare = world.shareAtLeast(bestPossible - 0.05, 200_000);
			for (String arm : arms) {
				long started = System.nanoTime();
				SimulatedBlackBox box = new SimulatedBlackBox((instruction, input) -> {
					pause(latencyMs);
					return world.answer(instruction, input);
				});
				EngineHarness engine = new EngineHarness(search(arm), box.evaluator());
				JobSettings settings = JobSettings.defaults(1000 + seed);
				if (arm.equals("previous")) {
					settings = new JobSettings(25, 25, 5, settings.exemplars(), 20, 5, 10,
							KernelChoice.INSTRUCTION_COUPLED, 1000L + seed, settings.promptStyle(),
							settings.finalCandidates(), settings.finalExamples(), 25);
				}
				if (arm.equals("instructzero-async")) {
					settings = settings.withSchedule(ProposalSchedule.ASYNC);
				}
				Strategy strategy = arm.equals("random") ? Strategy.RANDOM : Strategy.INSTRUCTZERO;
				StopReason reason = engine.run(strategy, settings, world.devSubset(), (z) -> {
					pause(latencyMs);
					return world.instruction(z);
				}, Integer.MAX_VALUE);
				double seconds = (System.nanoTime() - started) / 1e9;
				report(seed, arm, engine.sortedTrials(), world, bestPossible, nearBestShare, box.calls(), seconds,
						reason);
			}
		}
	}

	/**
	 * A simulated call's latency (a benchmark stand-in for a remote model): the answer
	 * arrives from a delayed executor, as the Vicuna-sized stubs answer from a scheduler.
	 */
	private static void pause(int millis) {
		if (millis > 0) {
			CompletableFuture.runAsync(() -> {
			}, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS)).join();
		}
	}

	private static SoftPromptSearch search(String arm) {
		return switch (arm) {
			case "previous" -> new BayesianSoftPromptSearch(new BayesianOptimizer(OptimizerSettings.defaults()
				.withLengthscalePrior(LengthscalePrior.REFERENCE_GAMMA)
				.withBatchSelection(BatchSelection.INDEPENDENT)));
			case "instructzero-gamma" -> new BayesianSoftPromptSearch(new BayesianOptimizer(
					OptimizerSettings.defaults().withLengthscalePrior(LengthscalePrior.REFERENCE_GAMMA)));
			case "instructzero-noexclusion" -> new BayesianSoftPromptSearch(
					new BayesianOptimizer(OptimizerSettings.defaults().withEquivalenceExclusion(false)));
			default -> new BayesianSoftPromptSearch();
		};
	}

	private static void report(int seed, String arm, List<TrialResult> trials, SimulatedTaskWorld world,
			double bestPossible, double nearBestShare, long paidCalls, double seconds, StopReason reason)
			throws IOException {
		Set<String> seen = new HashSet<>();
		double bestFound = 0;
		StringBuilder lines = new StringBuilder();
		int boTrials = 0;
		int boDuplicates = 0;
		for (int iteration = 0; iteration <= 5; iteration++) {
			int k = iteration;
			List<TrialResult> batch = trials.stream().filter((t) -> t.iteration() == k).toList();
			int fresh = 0;
			int duplicates = 0;
			for (TrialResult trial : batch) {
				if (seen.add(trial.instruction())) {
					fresh++;
					bestFound = Math.max(bestFound, world.trueAccuracy(trial.instruction()));
				}
				duplicates += trial.duplicate() ? 1 : 0;
			}
			if (iteration > 0) {
				boTrials += batch.size();
				boDuplicates += duplicates;
			}
			lines.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%.4f,%d,%.1f%n", seed, arm, iteration,
					batch.size(), duplicates, fresh, bestFound, seen.size() * 20L, seconds));
		}
		TrialResult bestDev = trials.stream()
			.max(Comparator.comparingDouble(TrialResult::devScore)
				.thenComparing(TrialResult::ordinal, Comparator.reverseOrder()))
			.orElseThrow();
		String summary = String.format(Locale.ROOT, "%d,%s,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.5f,%d,%.1f%n", seed, arm,
				trials.size(), seen.size(), (boTrials > 0) ? boDuplicates / (double) boTrials : 0, bestFound,
				world.trueAccuracy(bestDev.instruction()), bestDev.devScore(), bestPossible, nearBestShare, paidCalls,
				seconds);
		System.out.print("BENCH " + reason + " " + summary);
		Files.writeString(ITERATIONS, lines, StandardOpenOption.APPEND);
		Files.writeString(SEEDS, summary, StandardOpenOption.APPEND);
	}

}
