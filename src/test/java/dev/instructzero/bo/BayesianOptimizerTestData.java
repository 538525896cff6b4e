package dev.instructzero.bo;

import java.util.SplittableRandom;

/** Instruction-coupled observations whose per-example pass rate follows Levy-10. */
final class BayesianOptimizerTestData {

	private BayesianOptimizerTestData() {
	}

	static Observations coupled(int n, int d, int m, long seed) {
		double[][] z = SobolDesign.points(n, d, seed);
		double[] y = new double[n];
		double[][] v = new double[n][m];
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < n; i++) {
			double[] padded = new double[10];
			System.arraycopy(z[i], 0, padded, 0, Math.min(10, d));
			double quality = 0.5 + 0.4 * Math.tanh(-TestFunctions.LEVY10.valueAtUnit(padded) / 50 + 0.5);
			for (int k = 0; k < m; k++) {
				v[i][k] = (random.nextDouble() < quality) ? 1 : 0;
				y[i] += v[i][k] / m;
			}
		}
		return new Observations(z, y, v, KernelChoice.INSTRUCTION_COUPLED);
	}

}
