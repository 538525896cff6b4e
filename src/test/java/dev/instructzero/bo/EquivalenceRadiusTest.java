package dev.instructzero.bo;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EquivalenceRadiusTest {

	private static Observations coupled(double[] z1, double[][] vectors) {
		double[][] z = Arrays.stream(z1).mapToObj((v) -> new double[] { v }).toArray(double[][]::new);
		double[] scores = Arrays.stream(vectors).mapToDouble((v) -> Arrays.stream(v).average().orElseThrow()).toArray();
		return new Observations(z, scores, vectors, KernelChoice.INSTRUCTION_COUPLED);
	}

	@Test
	void isTheLargestDistanceUpToWhichHalfThePairsAndHalfTheRepeatsAreEquivalent() {
		// pairs by distance: 0.03 same, 0.05 same, 0.55 differ, ...: 0.05 is the last
		// equivalent pair with an equivalent majority up to it; in trial order the
		// nearest earlier points are 0.05 (repeat), 0.55, 0.03 (repeat), 0.9: also 0.05
		Observations observations = coupled(new double[] { 0, 0.05, 0.6, 0.63, -0.9 },
				new double[][] { { 1, 0 }, { 1, 0 }, { 0, 1 }, { 0, 1 }, { 1, 1 } });

		assertThat(EquivalenceRadius.of(observations)).isCloseTo(0.05, within(1e-12));
	}

	@Test
	void isZeroWithoutEvidence() {
		// the closest pair differs and no later prefix has an equivalent majority
		assertThat(EquivalenceRadius
			.of(coupled(new double[] { 0, 0.1, 0.5 }, new double[][] { { 1, 0 }, { 0, 1 }, { 1, 1 } }))).isZero();
		// a single observation, and the latent kernel (no score vectors: every pair would
		// look equivalent)
		assertThat(EquivalenceRadius.of(coupled(new double[] { 0 }, new double[][] { { 1, 0 } }))).isZero();
		assertThat(EquivalenceRadius
			.of(Observations.latent(new double[][] { { 0 }, { 0.01 }, { 0.02 } }, new double[] { 1, 1, 1 }))).isZero();
	}

}
