package dev.instructzero.bo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ObservationsTest {

	@Test
	void rejectsMalformedInputWithAClearMessage() {
		double[][] z = { { 0.1, 0.2 }, { -0.3, 0.4 } };
		double[] y = { 1, 2 };
		assertThatIllegalArgumentException().isThrownBy(() -> Observations.latent(new double[0][], new double[0]))
			.withMessageContaining("at least one");
		assertThatIllegalArgumentException().isThrownBy(() -> Observations.latent(z, new double[] { 1 }))
			.withMessageContaining("scores has 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Observations.latent(new double[][] { { 0.1, 0.2 }, { 0.3 } }, y))
			.withMessageContaining("ragged");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Observations.latent(new double[][] { { 0.1, 1.5 }, { 0.3, 0 } }, y))
			.withMessageContaining("outside [-1, 1]");
		assertThatIllegalArgumentException().isThrownBy(() -> Observations.latent(z, new double[] { 1, Double.NaN }))
			.withMessageContaining("finite");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Observations(z, y, null, KernelChoice.INSTRUCTION_COUPLED))
			.withMessageContaining("score vectors");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Observations(z, y, new double[][] { { 1, 0 } }, KernelChoice.INSTRUCTION_COUPLED))
			.withMessageContaining("scoreVectors has 1");
		assertThatIllegalArgumentException().isThrownBy(() -> new Observations(z, y, null, null))
			.withMessageContaining("null");
	}

	@Test
	void copiesArraysSoCallersCannotChangeIt() {
		double[][] z = { { 0.1, 0.2 }, { -0.3, 0.4 } };
		double[] y = { 1, 2 };
		Observations observations = Observations.latent(z, y);
		z[0][0] = 0.9;
		y[0] = 100;
		observations.z()[1][1] = 0.7;
		assertThat(observations.z()[0][0]).isEqualTo(0.1);
		assertThat(observations.z()[1][1]).isEqualTo(0.4);
		assertThat(observations.scores()[0]).isEqualTo(1);
		assertThat(observations.size()).isEqualTo(2);
		assertThat(observations.dimension()).isEqualTo(2);
		assertThat(observations)
			.isEqualTo(Observations.latent(new double[][] { { 0.1, 0.2 }, { -0.3, 0.4 } }, new double[] { 1, 2 }));
	}

	@Test
	void fittedHyperparametersRejectImpossibleValues() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FittedHyperparameters(KernelChoice.LATENT, new double[] { 0.5, -1 }, new double[0], 1,
					0.01, 0, -3, 10))
			.withMessageContaining("latent lengthscale");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FittedHyperparameters(KernelChoice.LATENT, new double[] { 0.5 }, new double[0], 1,
					Double.NaN, 0, -3, 10))
			.withMessageContaining("noiseVariance");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FittedHyperparameters(null, new double[] { 0.5 }, new double[0], 1, 0.1, 0, -3, 10));
	}

}
