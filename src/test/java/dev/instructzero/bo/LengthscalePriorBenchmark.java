package dev.instructzero.bo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lengthscale priors side by side. (1) Sample efficiency, sequential (q = 1) as in
 * SampleEfficiencyBenchmark: median best regret over 10 seeds of Branin at 30 evaluations
 * (target 1e-3) and Hartmann-6 at 100 (target 0.05). (2) A noisy fit: n = 150 soft
 * prompts in d = 10, a smooth score plus Gaussian noise of variance 0.09 on the
 * standardised scale; the fitted lengthscales and noise per prior (the same data, written
 * to docs/bench/noisy-fit-data.csv, is fitted by scikit-learn in
 * docs/bench/sklearn_step.py). Run with
 * {@code ./mvnw -Pbench test -Dtest=LengthscalePriorBenchmark}; writes
 * docs/bench/lengthscale-prior.csv.
 */
@Tag("bench")
class LengthscalePriorBenchmark {

	static final int INITIAL = 10;

	static final double NOISE_VARIANCE = 0.09;

	@Test
	void priors() throws IOException {
		int seeds = Integer.getInteger("bench.seeds", 10);
		List<String> lines = new ArrayList<>();
		lines.add("prior,function,evaluations,median_best_regret,min_best_regret,max_best_regret,hits_of_target,seeds");
		Object[][] cases = { { TestFunctions.BRANIN, 30, 1e-3 }, { TestFunctions.HARTMANN6, 100, 0.05 } };
		for (LengthscalePrior prior : LengthscalePrior.values()) {
			BayesianOptimizer optimizer = new BayesianOptimizer(
					OptimizerSettings.defaults().withLengthscalePrior(prior));
			for (Object[] c : cases) {
				TestFunctions function = (TestFunctions) c[0];
				int budget = (int) c[1];
				double target = (double) c[2];
				double[] regret = new double[seeds];
				int hits = 0;
				for (int seed = 0; seed < seeds; seed++) {
					regret[seed] = finalRegret(optimizer, function, budget, seed);
					hits += (regret[seed] < target) ? 1 : 0;
				}
				Arrays.sort(regret);
				double median = (seeds % 2 == 1) ? regret[seeds / 2]
						: 0.5 * (regret[seeds / 2 - 1] + regret[seeds / 2]);
				String line = String.format(Locale.ROOT, "%s,%s,%d,%.4g,%.4g,%.4g,%d,%d", prior, function, budget,
						median, regret[0], regret[seeds - 1], hits, seeds);
				System.out.println(line);
				lines.add(line);
			}
		}
		Observations noisy = noisySmooth(150, 10, 7);
		writeNoisyData(noisy, Path.of("docs/bench/noisy-fit-data.csv"));
		lines.add("");
		lines.add("prior,noisy_fit_noise_variance,latent_lengthscales_min,latent_lengthscales_median,"
				+ "latent_lengthscales_max,outputscale");
		for (LengthscalePrior prior : LengthscalePrior.values()) {
			FittedHyperparameters h = GaussianProcess.fit(noisy, 3, 50, 1, null, prior).hyperparameters();
			double[] l = h.latentLengthscales();
			Arrays.sort(l);
			String line = String.format(Locale.ROOT, "%s,%.4f,%.3f,%.3f,%.3f,%.3f", prior, h.noiseVariance(), l[0],
					0.5 * (l[4] + l[5]), l[l.length - 1], h.outputscale());
			System.out.println(line);
			lines.add(line);
		}
		Files.createDirectories(Path.of("docs/bench"));
		Files.write(Path.of("docs/bench/lengthscale-prior.csv"), lines);
	}

	static double finalRegret(BayesianOptimizer optimizer, TestFunctions function, int budget, long seed) {
		int d = function.dimension();
		List<double[]> z = new ArrayList<>(List.of(SobolDesign.points(INITIAL, d, seed)));
		List<Double> scores = new ArrayList<>();
		for (double[] p : z) {
			scores.add(-function.valueAtUnit(p));
		}
		int round = 0;
		while (z.size() < budget) {
			Observations observations = Observations.latent(z.toArray(new double[0][]),
					scores.stream().mapToDouble(Double::doubleValue).toArray());
			for (double[] p : optimizer.propose(observations, 1, seed * 1000 + round).points()) {
				z.add(p);
				scores.add(-function.valueAtUnit(p));
			}
			round++;
		}
		double best = scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		return -best - function.optimalValue();
	}

	/**
	 * Smooth score f(z) = sum_k sin(1.3 z_k + k / 3) / sqrt(d), scaled so that f has
	 * variance 1 - 0.09 over the sample, plus N(0, 0.09) noise: the standardised scores
	 * carry noise variance about 0.09.
	 */
	static Observations noisySmooth(int n, int d, long seed) {
		double[][] z = SobolDesign.points(n, d, seed);
		double[] f = new double[n];
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < d; k++) {
				f[i] += Math.sin(1.3 * z[i][k] + k / 3.0) / Math.sqrt(d);
			}
		}
		double mean = Arrays.stream(f).average().orElseThrow();
		double variance = Arrays.stream(f).map((v) -> (v - mean) * (v - mean)).sum() / (n - 1);
		double factor = Math.sqrt((1 - NOISE_VARIANCE) / variance);
		SplittableRandom random = new SplittableRandom(seed);
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			y[i] = (f[i] - mean) * factor + Math.sqrt(NOISE_VARIANCE) * random.nextGaussian();
		}
		return Observations.latent(z, y);
	}

	static void writeNoisyData(Observations observations, Path file) throws IOException {
		List<String> rows = new ArrayList<>();
		double[][] z = observations.z();
		double[] y = observations.scores();
		for (int i = 0; i < y.length; i++) {
			StringBuilder row = new StringBuilder();
			for (double v : z[i]) {
				row.append(String.format(Locale.ROOT, "%.17g,", v));
			}
			rows.add(row.append(String.format(Locale.ROOT, "%.17g", y[i])).toString());
		}
		Files.createDirectories(file.getParent());
		Files.write(file, rows);
	}

}
