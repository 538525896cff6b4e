package dev.instructzero.bo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Wall time of one optimisation step (fit + propose q = 25) with d = 10, m = 20 and the
 * instruction-coupled kernel, at n = 25, 150, 500: median of 5 runs after warm-up, plus
 * the time of the fit alone and of a step warm-started from the previous step's
 * hyper-parameters. Run with {@code ./mvnw -Pbench test -Dtest=StepTimeBenchmark}. Writes
 * docs/bench/step-time.csv.
 */
@Tag("bench")
class StepTimeBenchmark {

	static Observations syntheticCoupled(int n, int d, int m, long seed) {
		double[][] z = SobolDesign.points(n, d, seed);
		double[] y = new double[n];
		double[][] v = new double[n][m];
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < n; i++) {
			// a smooth "quality" of the soft prompt drives the per-example pass
			// probability
			double quality = 1 / (1 + Math.exp(TestFunctions.ACKLEY10.valueAtUnit(z[i]) - 20.5));
			for (int k = 0; k < m; k++) {
				v[i][k] = (random.nextDouble() < quality) ? 1 : 0;
				y[i] += v[i][k] / m;
			}
		}
		return new Observations(z, y, v, KernelChoice.INSTRUCTION_COUPLED);
	}

	@Test
	void stepTime() throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("n,d,m,q,kernel,median_step_s,min_step_s,max_step_s,median_fit_s,median_warm_step_s,runs");
		BayesianOptimizer optimizer = new BayesianOptimizer();
		OptimizerSettings defaults = OptimizerSettings.defaults();
		for (int n : new int[] { 25, 150, 500 }) {
			Observations observations = syntheticCoupled(n, 10, 20, n);
			int warmUp = (n >= 500) ? 1 : 3;
			for (int i = 0; i < warmUp; i++) {
				optimizer.propose(observations, 25, i);
			}
			// the previous step of the same job, one batch of 25 earlier (5 points at n =
			// 25)
			int before = Math.max(5, n - 25);
			Observations previous = new Observations(Arrays.copyOf(observations.z(), before),
					Arrays.copyOf(observations.scores(), before), Arrays.copyOf(observations.scoreVectors(), before),
					KernelChoice.INSTRUCTION_COUPLED);
			FittedHyperparameters warmStart = optimizer.propose(previous, 25, 1).hyperparameters();
			int runs = 5;
			double[] step = new double[runs];
			double[] fit = new double[runs];
			double[] warm = new double[runs];
			for (int r = 0; r < runs; r++) {
				long t0 = System.nanoTime();
				GaussianProcess.fit(observations, defaults.fitRestarts(), defaults.fitMaxIterations(), 100 + r);
				long t1 = System.nanoTime();
				optimizer.propose(observations, 25, 100 + r);
				long t2 = System.nanoTime();
				optimizer.propose(observations, 25, 100 + r, warmStart);
				long t3 = System.nanoTime();
				fit[r] = (t1 - t0) / 1e9;
				step[r] = (t2 - t1) / 1e9;
				warm[r] = (t3 - t2) / 1e9;
			}
			Arrays.sort(warm);
			Arrays.sort(step);
			Arrays.sort(fit);
			String line = String.format(java.util.Locale.ROOT,
					"%d,10,20,25,INSTRUCTION_COUPLED,%.3f,%.3f,%.3f,%.3f,%.3f,%d", n, step[runs / 2], step[0],
					step[runs - 1], fit[runs / 2], warm[runs / 2], runs);
			System.out.println(line);
			lines.add(line);
		}
		Files.createDirectories(Path.of("docs/bench"));
		Files.write(Path.of("docs/bench/step-time.csv"), lines);
	}

}
