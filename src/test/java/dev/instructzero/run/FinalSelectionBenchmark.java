package dev.instructzero.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

import dev.instructzero.task.Metric;
import dev.instructzero.task.ScoreInterval;
import dev.instructzero.trial.TrialOrigin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the final selection buys, in a simulated task world: per job, 40 distinct
 * instructions (what a 150-trial search typically yields) with true accuracies uniform in
 * [0.40, 0.92] and lengths of 20 to 120 characters; each example is answered correctly
 * with the instruction's true accuracy, independently. The paper's choice (the dev-subset
 * leader on 20 examples, earliest on ties) against {@link FinalSelection#choose} on the
 * top k re-scored on e extra examples, for several k and e; 2,000 simulated jobs each.
 * Reports the mean true accuracy of the chosen instruction, its mean regret against the
 * truly best one, how often the truly best is chosen, how much the reported score
 * overstates the true accuracy (the winner's curse), the coverage of the wider score's
 * 95% Wilson interval, and the extra black-box calls. Writes
 * docs/bench/final-selection.csv.
 */
@Tag("bench")
class FinalSelectionBenchmark {

	static final int JOBS = Integer.getInteger("bench.jobs", 2000);

	static final int INSTRUCTIONS = 40;

	static final int SUBSET = 20;

	static final int MAX_EXTRA = 80;

	static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void finalSelectionAgainstTheDevSubsetLeader() throws IOException {
		int[][] settings = { { 1, 0 }, { 5, 0 }, { 1, 40 }, { 3, 40 }, { 5, 20 }, { 5, 40 }, { 5, 80 }, { 10, 40 } };
		List<String> csv = new ArrayList<>();
		csv.add("method,final_candidates,final_examples,jobs,mean_true_accuracy,mean_regret,picks_truly_best,"
				+ "mean_overstatement,interval_coverage,extra_calls");
		System.out.printf(Locale.ROOT, "%-22s %8s %8s %8s %8s %9s %9s%n", "method", "true acc", "regret", "best %",
				"overst.", "coverage", "calls+");
		for (int[] setting : settings) {
			int k = setting[0];
			int extra = setting[1];
			Summary summary = new Summary();
			for (int job = 0; job < JOBS; job++) {
				simulate(new SplittableRandom(1000L + job), k, extra, summary);
			}
			String method = (k == 1 && extra == 0) ? "dev-subset leader" : "final k=" + k + " e=" + extra;
			System.out.printf(Locale.ROOT, "%-22s %8.4f %8.4f %8.1f %8.4f %9s %9d%n", method, summary.trueAccuracy(),
					summary.regret(), 100 * summary.picksBest(), summary.overstatement(),
					(extra > 0) ? String.format(Locale.ROOT, "%.3f", summary.coverage()) : "-", k * extra);
			csv.add(String.format(Locale.ROOT, "%s,%d,%d,%d,%.4f,%.4f,%.4f,%.4f,%s,%d", method, k, extra, JOBS,
					summary.trueAccuracy(), summary.regret(), summary.picksBest(), summary.overstatement(),
					(extra > 0) ? String.format(Locale.ROOT, "%.4f", summary.coverage()) : "", k * extra));
		}
		Path out = Path.of("docs", "bench", "final-selection.csv");
		Files.createDirectories(out.getParent());
		Files.write(out, csv);
	}

	private static void simulate(SplittableRandom random, int k, int extra, Summary summary) {
		double[] accuracy = new double[INSTRUCTIONS];
		List<TrialResult> trials = new ArrayList<>();
		double[][] extraScores = new double[INSTRUCTIONS][];
		double bestTrue = 0;
		for (int i = 0; i < INSTRUCTIONS; i++) {
			accuracy[i] = random.nextDouble(0.40, 0.92);
			bestTrue = Math.max(bestTrue, accuracy[i]);
			double[] subset = draw(random, accuracy[i], SUBSET);
			extraScores[i] = draw(random, accuracy[i], MAX_EXTRA);
			String instruction = "x".repeat(random.nextInt(20, 121)) + i;
			trials.add(new TrialResult(i, 0, TrialOrigin.INITIAL, null, instruction, instruction, false, mean(subset),
					subset, false, false, 0, 0, null, null, NOW, null, null));
		}
		// the order of TrialRepository.findTopDistinct: dev score, then earliest
		List<TrialResult> ranked = trials.stream()
			.sorted(Comparator.comparingDouble(TrialResult::devScore).reversed().thenComparingInt(TrialResult::ordinal))
			.toList();
		List<TrialResult> candidates = ranked.subList(0, k);
		List<FinalScore> scored = new ArrayList<>();
		for (int rank = 1; rank <= k; rank++) {
			TrialResult trial = candidates.get(rank - 1);
			double[] wider = concat(trial.exampleScores(), Arrays.copyOf(extraScores[trial.ordinal()], extra));
			scored.add(new FinalScore(trial.ordinal(), rank, new double[extra], mean(wider), wider.length,
					ScoreInterval.of(Metric.EXACT_MATCH, wider), 0, 0, NOW, false));
		}
		int chosen = FinalSelection.choose(scored, candidates).orElseThrow();
		FinalScore choice = scored.stream().filter((c) -> c.ordinal() == chosen).findFirst().orElseThrow();
		double reported = (k == 1 && extra == 0) ? trials.get(chosen).devScore() : choice.widerScore();
		summary.add(accuracy[chosen], bestTrue, reported, choice.interval());
	}

	private static double[] draw(SplittableRandom random, double accuracy, int n) {
		double[] scores = new double[n];
		for (int j = 0; j < n; j++) {
			scores[j] = (random.nextDouble() < accuracy) ? 1 : 0;
		}
		return scores;
	}

	private static double[] concat(double[] a, double[] b) {
		double[] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	private static double mean(double[] values) {
		double sum = 0;
		for (double v : values) {
			sum += v;
		}
		return sum / values.length;
	}

	/** Running means over the simulated jobs of one setting. */
	private static final class Summary {

		private int jobs;

		private double trueAccuracy;

		private double regret;

		private int picksBest;

		private double overstatement;

		private int covered;

		void add(double chosenTrue, double bestTrue, double reported, ScoreInterval interval) {
			this.jobs++;
			this.trueAccuracy += chosenTrue;
			this.regret += bestTrue - chosenTrue;
			this.picksBest += (chosenTrue == bestTrue) ? 1 : 0;
			this.overstatement += reported - chosenTrue;
			this.covered += (interval.low() <= chosenTrue && chosenTrue <= interval.high()) ? 1 : 0;
		}

		double trueAccuracy() {
			return this.trueAccuracy / this.jobs;
		}

		double regret() {
			return this.regret / this.jobs;
		}

		double picksBest() {
			return (double) this.picksBest / this.jobs;
		}

		double overstatement() {
			return this.overstatement / this.jobs;
		}

		double coverage() {
			return (double) this.covered / this.jobs;
		}

	}

}
