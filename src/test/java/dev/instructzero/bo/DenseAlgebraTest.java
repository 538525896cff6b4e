package dev.instructzero.bo;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class DenseAlgebraTest {

	static double[] randomSpd(int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double[] x = new double[n * n];
		for (int i = 0; i < x.length; i++) {
			x[i] = random.nextDouble(-1, 1);
		}
		double[] a = new double[n * n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				double s = (i == j) ? n : 0;
				for (int k = 0; k < n; k++) {
					s += x[i * n + k] * x[j * n + k];
				}
				a[i * n + j] = s;
			}
		}
		return a;
	}

	@Test
	void javaCholeskyAgreesWithHipparchus() {
		// not ND4J's potrf: its threaded OpenBLAS 0.3.19 factor is wrong on 2-core
		// machines
		// once a threaded gemm has run (see OpenBlas)
		int n = 40;
		double[] a = randomSpd(n, 1);
		CholeskyFactor factor = DenseAlgebra.cholesky(a, n);
		double[][] square = new double[n][n];
		for (int i = 0; i < n; i++) {
			System.arraycopy(a, i * n, square[i], 0, n);
		}
		org.hipparchus.linear.RealMatrix reference = new org.hipparchus.linear.CholeskyDecomposition(
				org.hipparchus.linear.MatrixUtils.createRealMatrix(square))
			.getL();
		for (int i = 0; i < n; i++) {
			for (int j = 0; j <= i; j++) {
				assertThat(factor.lower()[i * n + j]).isCloseTo(reference.getEntry(i, j), within(1e-10));
			}
		}
		assertThat(factor.jitter()).isZero();
	}

	@Test
	void choleskyReproducesTheMatrixAndSolvesAndGivesTheLogDeterminant() {
		double[] a = { 4, 2, -2, 2, 10, 5, -2, 5, 21 };
		CholeskyFactor factor = DenseAlgebra.cholesky(a, 3);
		assertThat(factor.lower()).containsExactly(new double[] { 2, 0, 0, 1, 3, 0, -1, 2, 4 }, within(1e-14));
		// det = (2*3*4)^2
		assertThat(factor.logDeterminant()).isCloseTo(Math.log(576), within(1e-12));
		double[] x = factor.solve(new double[] { 1, 2, 3 });
		double[] ax = DenseAlgebra.multiply(a, 3, 3, x, 1);
		assertThat(ax).containsExactly(new double[] { 1, 2, 3 }, within(1e-12));
	}

	@Test
	void choleskyEscalatesJitterOnASingularMatrix() {
		int n = 5;
		double[] ones = new double[n * n];
		java.util.Arrays.fill(ones, 1);
		CholeskyFactor factor = DenseAlgebra.cholesky(ones, n);
		assertThat(factor.jitter()).isPositive().isLessThanOrEqualTo(1e-2);
		double[] l = factor.lower();
		double[] product = DenseAlgebra.multiply(l, n, n, GaussianProcess.transpose(l, n, n), n);
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				assertThat(product[i * n + j]).isCloseTo(1 + ((i == j) ? factor.jitter() : 0), within(1e-12));
			}
		}
	}

	@Test
	void choleskyRejectsAnIndefiniteMatrix() {
		assertThatIllegalStateException().isThrownBy(() -> DenseAlgebra.cholesky(new double[] { 1, 0, 0, -1 }, 2))
			.withMessageContaining("not positive definite");
	}

	@Test
	void lowerInverseAndGramGiveTheInverseOfTheMatrix() {
		int n = 30;
		double[] a = randomSpd(n, 2);
		CholeskyFactor factor = DenseAlgebra.cholesky(a, n);
		double[] inverseFactor = DenseAlgebra.lowerInverse(factor.lower(), n);
		double[] inverse = DenseAlgebra.lowerGramJvm(inverseFactor, n);
		double[] identity = DenseAlgebra.multiply(a, n, n, inverse, n);
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				assertThat(identity[i * n + j]).isCloseTo((i == j) ? 1 : 0, within(1e-10));
			}
			for (int j = i + 1; j < n; j++) {
				assertThat(inverseFactor[i * n + j]).isZero();
			}
		}
	}

	@Test
	void nativeGemmAgreesWithTheJvmLoop() {
		SplittableRandom random = new SplittableRandom(3);
		int m = 310;
		int k = 300;
		int n = 290;
		assertThat((long) m * k * n).isGreaterThanOrEqualTo(DenseAlgebra.NATIVE_GEMM_FROM);
		double[] a = random.doubles(m * k, -1, 1).toArray();
		double[] b = random.doubles(k * n, -1, 1).toArray();
		double[] viaNative = DenseAlgebra.multiply(a, m, k, b, n);
		for (int i = 0; i < m; i += 37) {
			for (int j = 0; j < n; j += 29) {
				double s = 0;
				for (int p = 0; p < k; p++) {
					s += a[i * k + p] * b[p * n + j];
				}
				assertThat(viaNative[i * n + j]).isCloseTo(s, within(1e-11));
			}
		}
	}

}
