package dev.instructzero.bo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One optimisation step (fit + propose q = 25, d = 10, m = 20, default settings) side by
 * side with scikit-learn on the same data, runs interleaved in one process so the shared
 * machine's load hits all columns alike: per n = 25, 150, 500 and run, the engine with
 * the latent and the instruction-coupled kernel, the same with the previous path (JVM
 * loops only, exact coupled stage always run), then docs/bench/sklearn_step.py (fit +
 * predict with std on 12,500 candidates, its own wall time). Min / median / max of 5 runs
 * and the load average before each n. Needs python3-sklearn for the last column (else it
 * reads NaN; {@code -Dbench.python=/usr/bin/python3} picks the interpreter). Run with
 * {@code ./mvnw -Pbench test -Dtest=StepVsScikitLearnBenchmark}; writes
 * docs/bench/step-vs-sklearn.csv.
 */
@Tag("bench")
class StepVsScikitLearnBenchmark {

	private static final String[] COLUMNS = { "latent", "coupled", "latent_before", "coupled_before", "sklearn" };

	@Test
	void sideBySide() throws Exception {
		int runs = Integer.getInteger("bench.runs", 5);
		List<String> lines = new ArrayList<>();
		lines.add("n,column,min_s,median_s,max_s,runs,load_average");
		BayesianOptimizer now = new BayesianOptimizer();
		BayesianOptimizer before = new BayesianOptimizer(OptimizerSettings.defaults(), -1);
		for (int n : new int[] { 25, 150, 500 }) {
			Observations coupled = StepTimeBenchmark.syntheticCoupled(n, 10, 20, n);
			Observations latent = Observations.latent(coupled.z(), coupled.scores());
			Path data = Path.of("target/bench/step-data-" + n + ".csv");
			LengthscalePriorBenchmark.writeNoisyData(latent, data);
			String load = Files.readString(Path.of("/proc/loadavg")).trim();
			double[][] times = new double[COLUMNS.length][runs];
			now.propose(latent, 25, 0);
			now.propose(coupled, 25, 0);
			for (int r = 0; r < runs; r++) {
				long seed = 100 + r;
				times[0][r] = seconds(() -> now.propose(latent, 25, seed));
				times[1][r] = seconds(() -> now.propose(coupled, 25, seed));
				times[2][r] = seconds(() -> DenseAlgebra.jvmOnly(() -> before.propose(latent, 25, seed)));
				times[3][r] = seconds(() -> DenseAlgebra.jvmOnly(() -> before.propose(coupled, 25, seed)));
				times[4][r] = scikitLearn(data, seed);
				System.out.printf(Locale.ROOT, "n=%d run %d: %s%n", n, r, Arrays.toString(column(times, r)));
			}
			for (int c = 0; c < COLUMNS.length; c++) {
				double[] sorted = times[c].clone();
				Arrays.sort(sorted);
				String line = String.format(Locale.ROOT, "%d,%s,%.3f,%.3f,%.3f,%d,%s", n, COLUMNS[c], sorted[0],
						sorted[runs / 2], sorted[runs - 1], runs, load.split(" ")[0] + "/" + load.split(" ")[1]);
				System.out.println(line);
				lines.add(line);
			}
		}
		Files.createDirectories(Path.of("docs/bench"));
		Files.write(Path.of("docs/bench/step-vs-sklearn.csv"), lines);
	}

	private static double[] column(double[][] times, int r) {
		double[] c = new double[times.length];
		for (int i = 0; i < c.length; i++) {
			c[i] = times[i][r];
		}
		return c;
	}

	private static double seconds(Supplier<?> work) {
		long t0 = System.nanoTime();
		work.get();
		return (System.nanoTime() - t0) / 1e9;
	}

	/** scikit-learn's own timing of fit + predict, NaN if python3-sklearn is missing. */
	static double scikitLearn(Path data, long seed) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(System.getProperty("bench.python", "python3"),
				"docs/bench/sklearn_step.py", "step", data.toString(), Long.toString(seed))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
			System.out.println("scikit-learn side unavailable: " + output);
			return Double.NaN;
		}
		String[] lines = output.split("\n");
		return Double.parseDouble(lines[lines.length - 1].trim());
	}

}
