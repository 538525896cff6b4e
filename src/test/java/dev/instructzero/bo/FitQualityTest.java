package dev.instructzero.bo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faster fit (OpenBLAS products, the exact coupled stage skipped when Phi is within
 * tolerance of I) reaches a MAP objective at least as high as the previous path (JVM
 * loops, exact stage always run) on the same data.
 */
class FitQualityTest {

	private static GaussianProcess previousPath(Observations observations, long seed) {
		return DenseAlgebra
			.jvmOnly(() -> GaussianProcess.fit(observations, 3, 50, seed, null, LengthscalePrior.REFERENCE_GAMMA, -1));
	}

	@Test
	void fittedObjectiveIsAtLeastAsHighAsThePreviousPath() {
		for (int n : new int[] { 40, 120 }) {
			Observations observations = StepTimeBenchmark.syntheticCoupled(n, 10, 20, n + 1);
			GaussianProcess now = GaussianProcess.fit(observations, 3, 50, 5);
			GaussianProcess before = previousPath(observations, 5);
			System.out.printf("n=%d now %.8f (exact stage %s) before %.8f%n", n, now.logPosterior(),
					now.exactStageRun(), before.logPosterior());
			assertThat(now.logPosterior()).as("n = %d", n).isGreaterThanOrEqualTo(before.logPosterior() - 1e-6);
		}
	}

}
