package dev.instructzero.bo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class LengthscalePriorTest {

	/** The x maximising logDensity(log x) on a fine log grid. */
	private static double mode(HyperparameterPrior prior) {
		double best = Double.NEGATIVE_INFINITY;
		double argmax = Double.NaN;
		for (double t = Math.log(1e-3); t < Math.log(1e3); t += 1e-4) {
			double v = prior.logDensity(t);
			if (v > best) {
				best = v;
				argmax = Math.exp(t);
			}
		}
		return argmax;
	}

	@Test
	void referenceGammaIgnoresTheBoxAndPeaksAtOneThird() {
		HyperparameterPrior prior = LengthscalePrior.REFERENCE_GAMMA.forInputs(10, 2);
		assertThat(prior).isEqualTo(new GammaPrior(3, 6));
		assertThat(mode(prior)).isCloseTo(1.0 / 3, within(1e-3));
	}

	@Test
	void rescaledGammaIsTheUnitBoxPriorCarriedToTheWiderBox() {
		HyperparameterPrior onZ = LengthscalePrior.RESCALED_GAMMA.forInputs(10, 2);
		HyperparameterPrior unit = LengthscalePrior.RESCALED_GAMMA.forInputs(20, 1);
		assertThat(unit).isEqualTo(new GammaPrior(3, 6));
		// l = 2 l1: log p_z(l) - log p_1(l / 2) is the same constant for every l
		double offset = onZ.logDensity(Math.log(0.3)) - unit.logDensity(Math.log(0.15));
		for (double l : new double[] { 0.05, 0.7, 2.5, 11 }) {
			assertThat(onZ.logDensity(Math.log(l)) - unit.logDensity(Math.log(l / 2))).isCloseTo(offset, within(1e-12));
		}
		assertThat(mode(onZ)).isCloseTo(2.0 / 3, within(1e-3));
	}

	@Test
	void dimensionScaledLogNormalHasBoTorchsConstants() {
		// BoTorch: LogNormal(sqrt 2 + log(d) / 2, sqrt 3) on [0, 1]^d, mode exp(loc - 3)
		double unitMode = Math.exp(Math.sqrt(2) + 0.5 * Math.log(10) - 3);
		assertThat(mode(LengthscalePrior.DIMENSION_SCALED_LOGNORMAL.forInputs(10, 1))).isCloseTo(unitMode,
				within(1e-3 * unitMode));
		assertThat(mode(LengthscalePrior.DIMENSION_SCALED_LOGNORMAL.forInputs(10, 2))).isCloseTo(2 * unitMode,
				within(2e-3 * unitMode));
		assertThat(LengthscalePrior.DIMENSION_SCALED_LOGNORMAL.forInputs(2, 1))
			.isEqualTo(new LogNormalPrior(Math.sqrt(2) + 0.5 * Math.log(2), Math.sqrt(3)));
	}

	@Test
	void logDensityGradientsMatchFiniteDifferences() {
		for (LengthscalePrior choice : LengthscalePrior.values()) {
			HyperparameterPrior prior = choice.forInputs(6, 2);
			for (double t : new double[] { -2, -0.3, 0.4, 2.2 }) {
				double h = 1e-6;
				double numeric = (prior.logDensity(t + h) - prior.logDensity(t - h)) / (2 * h);
				assertThat(prior.logDensityGradient(t)).as("%s at %s", choice, t)
					.isCloseTo(numeric, within(1e-6 * (1 + Math.abs(numeric))));
			}
		}
	}

	@Test
	void logNormalDrawsHaveTheStatedMedian() {
		LogNormalPrior prior = new LogNormalPrior(0.7, Math.sqrt(3));
		java.util.SplittableRandom random = new java.util.SplittableRandom(3);
		double[] draws = new double[20001];
		for (int i = 0; i < draws.length; i++) {
			draws[i] = prior.sample(random);
		}
		java.util.Arrays.sort(draws);
		assertThat(Math.log(draws[draws.length / 2])).isCloseTo(0.7, within(0.05));
	}

	@Test
	void onSmoothNoisyDataTheDimensionScaledPriorFindsTheNoiseTheReferenceInterpolates() {
		// n = 150, d = 10, true noise variance 0.09 of the standardised scores; measured:
		// reference Gamma 0.0018, log-normal 0.086 (scikit-learn 0.094)
		Observations noisy = LengthscalePriorBenchmark.noisySmooth(150, 10, 7);
		FittedHyperparameters reference = GaussianProcess.fit(noisy, 3, 50, 1, null, LengthscalePrior.REFERENCE_GAMMA)
			.hyperparameters();
		FittedHyperparameters scaled = GaussianProcess
			.fit(noisy, 3, 50, 1, null, LengthscalePrior.DIMENSION_SCALED_LOGNORMAL)
			.hyperparameters();
		assertThat(reference.noiseVariance()).isLessThan(0.02);
		assertThat(scaled.noiseVariance()).isBetween(0.045, 0.18);
		assertThat(java.util.Arrays.stream(scaled.latentLengthscales()).min().orElseThrow())
			.isGreaterThan(java.util.Arrays.stream(reference.latentLengthscales()).max().orElseThrow());
	}

	@Test
	void rejectsAnEmptyInputSetOrABadBox() {
		assertThatIllegalArgumentException().isThrownBy(() -> LengthscalePrior.RESCALED_GAMMA.forInputs(0, 2));
		assertThatIllegalArgumentException().isThrownBy(() -> LengthscalePrior.RESCALED_GAMMA.forInputs(3, 0));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new OptimizerSettings(3, 50, 50, 10, 0.8, 1e-3, BatchSelection.KRIGING_BELIEVER, null, true));
	}

}
