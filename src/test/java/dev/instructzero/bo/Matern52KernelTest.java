package dev.instructzero.bo;

import java.util.SplittableRandom;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Matern52KernelTest {

	static double[][] randomPoints(int n, int d, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double[][] x = new double[n][d];
		for (double[] row : x) {
			for (int k = 0; k < d; k++) {
				row[k] = random.nextDouble(-1, 1);
			}
		}
		return x;
	}

	static double minEigenvalue(double[] a, int n) {
		double[][] rows = new double[n][n];
		for (int i = 0; i < n; i++) {
			System.arraycopy(a, i * n, rows[i], 0, n);
		}
		double min = Double.POSITIVE_INFINITY;
		for (double v : new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(rows)).getEigenvalues()) {
			min = Math.min(min, v);
		}
		return min;
	}

	@Test
	void valueMatchesTheClosedForm() {
		assertThat(Matern52Kernel.value(0)).isEqualTo(1);
		double s = Math.sqrt(5);
		assertThat(Matern52Kernel.value(1)).isCloseTo((1 + s + 5.0 / 3) * Math.exp(-s), within(1e-15));
		// ARD: distance (0.3/0.5, 0.4/2) -> r = sqrt(0.36 + 0.04)
		double[] k = Matern52Kernel.cross(new double[][] { { 0, 0 } }, new double[][] { { 0.3, 0.4 } },
				new double[] { 0.5, 2 });
		assertThat(k[0]).isCloseTo(Matern52Kernel.value(Math.sqrt(0.4)), within(1e-15));
	}

	@Test
	void matrixIsSymmetricPositiveSemiDefiniteAndAgreesWithCross() {
		double[][] x = randomPoints(40, 3, 1);
		double[] lengthscales = { 0.4, 0.9, 2.0 };
		double[] k = Matern52Kernel.matrix(x, lengthscales);
		double[] cross = Matern52Kernel.cross(x, x, lengthscales);
		for (int i = 0; i < 40; i++) {
			for (int j = 0; j < 40; j++) {
				assertThat(k[i * 40 + j]).isEqualTo(k[j * 40 + i]);
				assertThat(k[i * 40 + j]).isCloseTo(cross[i * 40 + j], within(1e-15));
			}
		}
		assertThat(minEigenvalue(k, 40)).isGreaterThan(-1e-10);
	}

	@Test
	void lengthscaleGradientMatchesFiniteDifferences() {
		double[][] x = randomPoints(12, 3, 2);
		double[] lengthscales = { 0.4, 0.9, 2.0 };
		SplittableRandom random = new SplittableRandom(5);
		double[] weights = random.doubles(144, -1, 1).toArray();
		double[] analytic = Matern52Kernel.logLengthscaleGradient(x, lengthscales, weights);
		double h = 1e-6;
		for (int k = 0; k < 3; k++) {
			double[] up = lengthscales.clone();
			double[] down = lengthscales.clone();
			up[k] *= Math.exp(h);
			down[k] *= Math.exp(-h);
			double[] kUp = Matern52Kernel.matrix(x, up);
			double[] kDown = Matern52Kernel.matrix(x, down);
			double numeric = 0;
			for (int i = 0; i < 144; i++) {
				numeric += weights[i] * (kUp[i] - kDown[i]) / (2 * h);
			}
			assertThat(analytic[k]).isCloseTo(numeric, within(1e-7 * (1 + Math.abs(numeric))));
		}
	}

}
