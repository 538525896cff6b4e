package dev.instructzero.bo;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Per-observation extra noise (the sampling variance of a score measured on fewer dev
 * examples): C = s K + noise I + diag(extra), checked against closed forms and finite
 * differences.
 */
class PartialObservationNoiseTest {

	@Test
	void likelihoodAddsTheExtraNoiseToTheDiagonal() {
		int n = 6;
		double[][] z = points(n, 3, 1);
		double[] y = new SplittableRandom(2).doubles(n, -2, 2).toArray();
		double[] extra = { 0, 0.4, 0, 1.5, 0, 0.05 };
		double[] p = { Math.log(0.6), Math.log(1.1), Math.log(0.8), Math.log(1.7), Math.log(0.05), 0.2 };
		RealMatrix signal = square(Matern52Kernel.matrix(z, new double[] { 0.6, 1.1, 0.8 }), n).scalarMultiply(1.7);
		RealMatrix c = signal.add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(0.05))
			.add(MatrixUtils.createRealDiagonalMatrix(extra));
		MarginalLikelihood likelihood = new MarginalLikelihood(z, y, null, GammaPrior.LENGTHSCALE, extra);
		assertThat(likelihood.logMarginalLikelihood(p)).isCloseTo(logNormal(c, 0.2, y), within(1e-10));
		// and it differs from the homoscedastic one: the extra noise is really used
		assertThat(new MarginalLikelihood(z, y, null).logMarginalLikelihood(p))
			.isNotCloseTo(likelihood.logMarginalLikelihood(p), within(1e-3));
	}

	@Test
	void gradientWithExtraNoiseMatchesFiniteDifferences() {
		int n = 8;
		double[][] z = points(n, 2, 3);
		double[] y = new SplittableRandom(4).doubles(n, -2, 2).toArray();
		double[] extra = new SplittableRandom(5).doubles(n, 0, 0.5).toArray();
		MarginalLikelihood likelihood = new MarginalLikelihood(z, y, null, GammaPrior.LENGTHSCALE, extra);
		double[] p = { Math.log(0.4), Math.log(0.9), Math.log(1.6), Math.log(0.02), 0.3 };
		double[] analytic = new double[p.length];
		likelihood.valueAndGradient(p, analytic);
		for (int k = 0; k < p.length; k++) {
			double[] up = p.clone();
			double[] down = p.clone();
			up[k] += 1e-5;
			down[k] -= 1e-5;
			double numeric = (likelihood.valueAndGradient(up, null) - likelihood.valueAndGradient(down, null)) / 2e-5;
			assertThat(analytic[k]).as("parameter %d", k).isCloseTo(numeric, within(1e-6 * (1 + Math.abs(numeric))));
		}
	}

	@Test
	void latentPosteriorConditionsOnTheNoisierPointAsTheClosedFormSays() {
		int n = 10;
		double[][] z = points(n, 2, 6);
		double[] raw = new double[n];
		for (int i = 0; i < n; i++) {
			raw[i] = 0.5 + 0.3 * Math.sin(3 * z[i][0]) * z[i][1];
		}
		double[] extraRaw = new double[n];
		extraRaw[3] = 0.02;
		GaussianProcess process = GaussianProcess.fit(new Observations(z, raw, null, KernelChoice.LATENT, extraRaw), 2,
				30, 1);
		FittedHyperparameters h = process.hyperparameters();
		double mean = Arrays.stream(raw).average().orElseThrow();
		double scale = Math.sqrt(Arrays.stream(raw).map((v) -> (v - mean) * (v - mean)).sum() / (n - 1));
		double[] y = Arrays.stream(raw).map((v) -> (v - mean) / scale).toArray();
		double[] extra = Arrays.stream(extraRaw).map((v) -> v / (scale * scale)).toArray();
		double[] ls = h.latentLengthscales();
		RealMatrix c = square(Matern52Kernel.matrix(z, ls), n).scalarMultiply(h.outputscale())
			.add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(h.noiseVariance()))
			.add(MatrixUtils.createRealDiagonalMatrix(extra));
		DecompositionSolver solver = new CholeskyDecomposition(c, 1e-12, 1e-14).getSolver();
		RealVector alpha = solver.solve(MatrixUtils.createRealVector(y).mapSubtract(h.constantMean()));
		double[][] x = { z[3], z[5], { 0.1, -0.2 } };
		RealMatrix k = rect(Matern52Kernel.cross(x, z, ls), x.length, n).scalarMultiply(h.outputscale());
		RealMatrix cInvKt = solver.solve(k.transpose());
		GaussianProcess.Posterior posterior = process.predict(x);
		for (int i = 0; i < x.length; i++) {
			assertThat(posterior.mean()[i]).isCloseTo(h.constantMean() + k.getRowVector(i).dotProduct(alpha),
					within(1e-9));
			assertThat(posterior.variance()[i])
				.isCloseTo(h.outputscale() - k.getRowVector(i).dotProduct(cInvKt.getColumnVector(i)), within(1e-9));
		}
	}

	@Test
	void observationsRefuseNegativeOrMisSizedExtraNoise() {
		double[][] z = { { 0.1 }, { 0.2 } };
		double[] scores = { 0.3, 0.4 };
		assertThatThrownBy(() -> new Observations(z, scores, null, KernelChoice.LATENT, new double[] { 0, -1e-3 }))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Observations(z, scores, null, KernelChoice.LATENT, new double[] { 0 }))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static double logNormal(RealMatrix c, double mean, double[] y) {
		CholeskyDecomposition chol = new CholeskyDecomposition(c, 1e-12, 1e-14);
		RealVector r = MatrixUtils.createRealVector(y).mapSubtract(mean);
		return -0.5 * r.dotProduct(chol.getSolver().solve(r)) - 0.5 * Math.log(chol.getDeterminant())
				- 0.5 * y.length * Math.log(2 * Math.PI);
	}

	private static double[][] points(int n, int d, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double[][] points = new double[n][d];
		for (double[] point : points) {
			for (int j = 0; j < d; j++) {
				point[j] = random.nextDouble(-1, 1);
			}
		}
		return points;
	}

	private static RealMatrix square(double[] a, int n) {
		return rect(a, n, n);
	}

	private static RealMatrix rect(double[] a, int rows, int columns) {
		double[][] r = new double[rows][columns];
		for (int i = 0; i < rows; i++) {
			System.arraycopy(a, i * columns, r[i], 0, columns);
		}
		return MatrixUtils.createRealMatrix(r);
	}

}
