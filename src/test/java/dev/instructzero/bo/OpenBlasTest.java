package dev.instructzero.bo;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The OpenBLAS products equal the JVM loops they replace to 1e-10, alone and inside the
 * coupled likelihood, its gradient and the fitted posterior.
 */
class OpenBlasTest {

	private static void assertClose(double[] actual, double[] expected, double tolerance) {
		assertThat(actual).hasSameSizeAs(expected);
		double worst = 0;
		for (int i = 0; i < expected.length; i++) {
			worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
		}
		assertThat(worst).isLessThanOrEqualTo(tolerance);
	}

	@Test
	void gemmAndGramEqualTheJvmLoopsAtEverySizeAroundTheThreshold() {
		SplittableRandom random = new SplittableRandom(4);
		for (int n : new int[] { 3, 22, 64, 150, 333 }) {
			int k = n + 7;
			int m = 2 * n + 1;
			double[] a = random.doubles(m * k, -1, 1).toArray();
			double[] b = random.doubles(k * n, -1, 1).toArray();
			assertClose(OpenBlas.multiply(a, m, k, b, n), DenseAlgebra.multiplyJvm(a, m, k, b, n), 1e-10);
			assertClose(OpenBlas.gram(b, k, n), DenseAlgebra.gramJvm(b, k, n), 1e-10);
		}
	}

	@Test
	void blockedCholeskyAndTriangularInverseOnDgemmEqualTheJvmLoops() {
		for (int n : new int[] { DenseAlgebra.BLOCKED_INVERSE_FROM, DenseAlgebra.BLOCKED_CHOLESKY_FROM, 517 }) {
			double[] a = Matern52Kernel.matrix(Matern52KernelTest.randomPoints(n, 10, n), filled(10, 0.9));
			for (int i = 0; i < n; i++) {
				a[i * n + i] += 0.01;
			}
			double[] blocked = DenseAlgebra.choleskyFactor(a, n);
			assertClose(blocked, DenseAlgebra.choleskyJvm(a, n), 1e-10);
			// the triangular inverse by halves on dgemm: entries up to 1/sqrt(0.01)
			double[] inverse = DenseAlgebra.lowerInverse(blocked, n);
			assertClose(inverse, DenseAlgebra.lowerInverseJvm(blocked, n), 1e-10 * 10);
			assertClose(DenseAlgebra.inverseFromCholesky(blocked, n),
					DenseAlgebra.jvmOnly(() -> DenseAlgebra.inverseFromCholesky(blocked, n)), 1e-10 * 100);
			// an indefinite matrix is reported, not factored
			double[] broken = a.clone();
			broken[(n - 3) * n + n - 3] = -1;
			assertThat(DenseAlgebra.choleskyFactor(broken, n)).isNull();
		}
	}

	@Test
	void coupledLikelihoodAndGradientOnOpenBlasEqualTheJvmPath() {
		int n = 150;
		Observations observations = StepTimeBenchmark.syntheticCoupled(n, 10, 20, 7);
		double[] y = Arrays.stream(observations.scores()).map((s) -> (s - 0.5) * 3).toArray();
		double[] l = Matern52Kernel.matrix(observations.z(), filled(10, 0.6));
		for (int i = 0; i < n; i++) {
			l[i * n + i] += GaussianProcess.COUPLING_EPSILON;
		}
		double[] lInverse = DenseAlgebra.inverseFromCholesky(DenseAlgebra.choleskyJvm(l, n), n);
		double[] phi = new double[n * n];
		for (int i = 0; i < phi.length; i++) {
			phi[i] = -GaussianProcess.COUPLING_EPSILON * lInverse[i];
		}
		for (int i = 0; i < n; i++) {
			phi[i * n + i] += 1;
		}
		double[] p = new double[23];
		Arrays.fill(p, 0, 20, Math.log(1.7));
		p[20] = Math.log(0.7);
		p[21] = Math.log(0.05);
		p[22] = -0.1;
		MarginalLikelihood likelihood = new MarginalLikelihood(observations.scoreVectors(), y, phi);
		double[] nativeGradient = new double[p.length];
		double nativeValue = likelihood.valueAndGradient(p, nativeGradient);
		double[] jvmGradient = new double[p.length];
		double jvmValue = DenseAlgebra.jvmOnly(() -> likelihood.valueAndGradient(p, jvmGradient));
		assertThat(nativeValue).isCloseTo(jvmValue, within(1e-10 * Math.abs(jvmValue)));
		for (int k = 0; k < p.length; k++) {
			assertThat(nativeGradient[k]).as("gradient %d", k)
				.isCloseTo(jvmGradient[k], within(1e-10 * (1 + Math.abs(jvmGradient[k]))));
		}
	}

	@Test
	void fittedPosteriorOnOpenBlasEqualsTheJvmPath() {
		Observations observations = StepTimeBenchmark.syntheticCoupled(90, 10, 20, 8);
		double[][] candidates = SobolDesign.points(300, 10, 9);
		GaussianProcess.Posterior viaNative = GaussianProcess.fit(observations, 1, 15, 3).predict(candidates);
		GaussianProcess.Posterior viaJvm = DenseAlgebra
			.jvmOnly(() -> GaussianProcess.fit(observations, 1, 15, 3).predict(candidates));
		assertClose(viaNative.mean(), viaJvm.mean(), 1e-8);
		assertClose(viaNative.variance(), viaJvm.variance(), 1e-8);
	}

	private static double[] filled(int n, double value) {
		double[] a = new double[n];
		Arrays.fill(a, value);
		return a;
	}

}
