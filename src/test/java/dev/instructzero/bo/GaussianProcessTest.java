package dev.instructzero.bo;

import java.util.SplittableRandom;

import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Gaussian process against closed forms computed independently with Hipparchus's
 * dense linear algebra (explicit kernel matrices, no feature-form shortcuts).
 */
class GaussianProcessTest {

	private static RealMatrix square(double[] a, int n) {
		double[][] rows = new double[n][n];
		for (int i = 0; i < n; i++) {
			System.arraycopy(a, i * n, rows[i], 0, n);
		}
		return MatrixUtils.createRealMatrix(rows);
	}

	private static RealMatrix rect(double[] a, int rows, int columns) {
		double[][] r = new double[rows][columns];
		for (int i = 0; i < rows; i++) {
			System.arraycopy(a, i * columns, r[i], 0, columns);
		}
		return MatrixUtils.createRealMatrix(r);
	}

	private static double[] standardize(double[] raw) {
		double mean = java.util.Arrays.stream(raw).average().orElseThrow();
		double ss = 0;
		for (double v : raw) {
			ss += (v - mean) * (v - mean);
		}
		double std = Math.sqrt(ss / (raw.length - 1));
		return java.util.Arrays.stream(raw).map((v) -> (v - mean) / std).toArray();
	}

	/** Closed-form log N(y; c, K + noise I). */
	private static double closedFormLogLikelihood(RealMatrix signal, double noise, double mean, double[] y) {
		int n = y.length;
		RealMatrix c = signal.add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(noise));
		CholeskyDecomposition chol = new CholeskyDecomposition(c, 1e-12, 1e-14);
		RealVector r = MatrixUtils.createRealVector(y).mapSubtract(mean);
		return -0.5 * r.dotProduct(chol.getSolver().solve(r)) - 0.5 * Math.log(chol.getDeterminant())
				- 0.5 * n * Math.log(2 * Math.PI);
	}

	/**
	 * Explicit instruction-coupled kernel l(A, Z) (L + eps I)^-1 S (L + eps I)^-1 l(Z,
	 * B).
	 */
	private static RealMatrix coupledKernel(double[][] a, double[][] b, double[][] z, double[] zLengthscales,
			double[] s, int n) {
		RealMatrix lEps = square(Matern52Kernel.matrix(z, zLengthscales), n)
			.add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(GaussianProcess.COUPLING_EPSILON));
		DecompositionSolver solver = new CholeskyDecomposition(lEps, 1e-12, 1e-14).getSolver();
		RealMatrix left = solver.solve(rect(Matern52Kernel.cross(z, a, zLengthscales), n, a.length));
		RealMatrix right = solver.solve(rect(Matern52Kernel.cross(z, b, zLengthscales), n, b.length));
		return left.transpose().multiply(square(s, n)).multiply(right);
	}

	@Test
	void logMarginalLikelihoodOfOnePointIsTheNormalDensity() {
		double[][] z = { { 0.3 } };
		MarginalLikelihood likelihood = new MarginalLikelihood(z, new double[] { 1.5 }, null);
		double outputscale = 2;
		double noise = 0.5;
		double mean = 0.25;
		double[] p = { Math.log(0.7), Math.log(outputscale), Math.log(noise), mean };
		double variance = outputscale + noise;
		double expected = -0.5 * (1.5 - mean) * (1.5 - mean) / variance - 0.5 * Math.log(2 * Math.PI * variance);
		assertThat(likelihood.logMarginalLikelihood(p)).isCloseTo(expected, within(1e-13));
	}

	@Test
	void logMarginalLikelihoodMatchesTheClosedFormForBothKernels() {
		int n = 8;
		double[][] z = Matern52KernelTest.randomPoints(n, 3, 11);
		double[][] v = Matern52KernelTest.randomPoints(n, 4, 12);
		double[] y = new SplittableRandom(13).doubles(n, -2, 2).toArray();
		double[] p = { Math.log(0.6), Math.log(1.1), Math.log(0.8), Math.log(1.7), Math.log(0.05), 0.2 };
		double[] lengthscales = { 0.6, 1.1, 0.8 };
		RealMatrix latentSignal = square(Matern52Kernel.matrix(z, lengthscales), n).scalarMultiply(1.7);
		assertThat(new MarginalLikelihood(z, y, null).logMarginalLikelihood(p))
			.isCloseTo(closedFormLogLikelihood(latentSignal, 0.05, 0.2, y), within(1e-10));

		double[] zLengthscales = { 0.5, 0.5, 0.5 };
		double[] phi = couplingMatrix(z, zLengthscales, n);
		double[] pv = { Math.log(0.6), Math.log(1.1), Math.log(0.8), Math.log(0.9), Math.log(1.7), Math.log(0.05),
				0.2 };
		double[] s = Matern52Kernel.matrix(v, new double[] { 0.6, 1.1, 0.8, 0.9 });
		RealMatrix coupledSignal = coupledKernel(z, z, z, zLengthscales, s, n).scalarMultiply(1.7);
		assertThat(new MarginalLikelihood(v, y, phi).logMarginalLikelihood(pv))
			.isCloseTo(closedFormLogLikelihood(coupledSignal, 0.05, 0.2, y), within(1e-9));
	}

	private static double[] couplingMatrix(double[][] z, double[] lengthscales, int n) {
		double[] l = Matern52Kernel.matrix(z, lengthscales);
		for (int i = 0; i < n; i++) {
			l[i * n + i] += GaussianProcess.COUPLING_EPSILON;
		}
		RealMatrix phi = MatrixUtils.createRealIdentityMatrix(n)
			.subtract(MatrixUtils.inverse(square(l, n)).scalarMultiply(GaussianProcess.COUPLING_EPSILON));
		double[] flat = new double[n * n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				flat[i * n + j] = 0.5 * (phi.getEntry(i, j) + phi.getEntry(j, i));
			}
		}
		return flat;
	}

	@Test
	void analyticGradientMatchesFiniteDifferencesForBothKernels() {
		int n = 10;
		double[][] z = Matern52KernelTest.randomPoints(n, 3, 21);
		double[][] v = Matern52KernelTest.randomPoints(n, 2, 22);
		double[] y = new SplittableRandom(23).doubles(n, -2, 2).toArray();
		checkGradient(new MarginalLikelihood(z, y, null),
				new double[] { Math.log(0.4), Math.log(0.9), Math.log(1.6), Math.log(0.8), Math.log(0.02), 0.3 });
		checkGradient(new MarginalLikelihood(v, y, couplingMatrix(z, new double[] { 0.7, 0.7, 0.7 }, n)),
				new double[] { Math.log(0.5), Math.log(1.3), Math.log(1.2), Math.log(0.1), -0.4 });
	}

	private static void checkGradient(MarginalLikelihood likelihood, double[] p) {
		double[] analytic = new double[p.length];
		likelihood.valueAndGradient(p, analytic);
		double h = 1e-5;
		for (int k = 0; k < p.length; k++) {
			double[] up = p.clone();
			double[] down = p.clone();
			up[k] += h;
			down[k] -= h;
			double numeric = (likelihood.valueAndGradient(up, null) - likelihood.valueAndGradient(down, null))
					/ (2 * h);
			assertThat(analytic[k]).as("parameter %d", k).isCloseTo(numeric, within(1e-6 * (1 + Math.abs(numeric))));
		}
	}

	@Test
	void latentPosteriorMatchesTheClosedForm() {
		int n = 12;
		double[][] z = Matern52KernelTest.randomPoints(n, 2, 31);
		double[] raw = new double[n];
		for (int i = 0; i < n; i++) {
			raw[i] = Math.sin(3 * z[i][0]) + z[i][1] * z[i][1];
		}
		GaussianProcess process = GaussianProcess.fit(Observations.latent(z, raw), 2, 30, 1);
		FittedHyperparameters h = process.hyperparameters();
		double[] y = standardize(raw);
		double[][] x = Matern52KernelTest.randomPoints(7, 2, 32);
		double[] ls = h.latentLengthscales();
		RealMatrix c = square(Matern52Kernel.matrix(z, ls), n).scalarMultiply(h.outputscale())
			.add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(h.noiseVariance()));
		RealMatrix k = rect(Matern52Kernel.cross(x, z, ls), 7, n).scalarMultiply(h.outputscale());
		DecompositionSolver solver = new CholeskyDecomposition(c, 1e-12, 1e-14).getSolver();
		RealVector alpha = solver.solve(MatrixUtils.createRealVector(y).mapSubtract(h.constantMean()));
		RealMatrix cInvKt = solver.solve(k.transpose());
		GaussianProcess.Posterior posterior = process.predict(x);
		for (int i = 0; i < 7; i++) {
			double mean = h.constantMean() + k.getRowVector(i).dotProduct(alpha);
			double variance = h.outputscale() - k.getRowVector(i).dotProduct(cInvKt.getColumnVector(i));
			assertThat(posterior.mean()[i]).isCloseTo(mean, within(1e-9));
			assertThat(posterior.variance()[i]).isCloseTo(variance, within(1e-9));
		}
		assertThat(h.logMarginalLikelihood())
			.isCloseTo(closedFormLogLikelihood(square(Matern52Kernel.matrix(z, ls), n).scalarMultiply(h.outputscale()),
					h.noiseVariance(), h.constantMean(), y), within(1e-8));
	}

	@Test
	void posteriorOfOnePointIsTheHandComputedConditional() {
		// n = 2 with equal scores standardises to y = 0: posterior mean = c (1 - s k1 /
		// ...), checked
		// directly with the 2 x 2 closed form
		double[][] z = { { -0.5 }, { 0.5 } };
		double[] raw = { 1, 3 };
		GaussianProcess process = GaussianProcess.fit(Observations.latent(z, raw), 1, 30, 1);
		FittedHyperparameters h = process.hyperparameters();
		double s = h.outputscale();
		double noise = h.noiseVariance();
		double c0 = h.constantMean();
		double l = h.latentLengthscales()[0];
		double k12 = s * Matern52Kernel.value(1 / l);
		double a = s + noise;
		double det = a * a - k12 * k12;
		double[] y = { -Math.sqrt(0.5), Math.sqrt(0.5) };
		double r1 = y[0] - c0;
		double r2 = y[1] - c0;
		double alpha1 = (a * r1 - k12 * r2) / det;
		double alpha2 = (a * r2 - k12 * r1) / det;
		// at x = z_2: k = (k12, s)
		double mean = c0 + k12 * alpha1 + s * alpha2;
		double variance = s - (a * (k12 * k12 + s * s) - 2 * k12 * k12 * s) / det;
		GaussianProcess.Posterior posterior = process.predict(new double[][] { { 0.5 } });
		assertThat(posterior.mean()[0]).isCloseTo(mean, within(1e-10));
		assertThat(posterior.variance()[0]).isCloseTo(variance, within(1e-10));
		assertThat(process.scoreMean()).isEqualTo(2);
		assertThat(process.scoreScale()).isCloseTo(Math.sqrt(2), within(1e-15));
	}

	@Test
	void coupledPosteriorMatchesTheExplicitKernelFormula() {
		int n = 15;
		int m = 6;
		double[][] z = Matern52KernelTest.randomPoints(n, 3, 41);
		double[][] v = new double[n][m];
		double[] raw = new double[n];
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < m; k++) {
				v[i][k] = (random.nextDouble() < 0.5 + 0.4 * z[i][0]) ? 1 : 0;
				raw[i] += v[i][k] / m;
			}
		}
		GaussianProcess process = GaussianProcess.fit(new Observations(z, raw, v, KernelChoice.INSTRUCTION_COUPLED), 2,
				30, 3);
		FittedHyperparameters h = process.hyperparameters();
		assertThat(h.scoreLengthscales()).hasSize(m);
		double[] y = standardize(raw);
		double[][] x = Matern52KernelTest.randomPoints(6, 3, 43);
		double[] s = Matern52Kernel.matrix(v, h.scoreLengthscales());
		double[] zl = h.latentLengthscales();
		RealMatrix kzz = coupledKernel(z, z, z, zl, s, n).scalarMultiply(h.outputscale());
		RealMatrix kxz = coupledKernel(x, z, z, zl, s, n).scalarMultiply(h.outputscale());
		RealMatrix kxx = coupledKernel(x, x, z, zl, s, n).scalarMultiply(h.outputscale());
		RealMatrix c = kzz.add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(h.noiseVariance()));
		DecompositionSolver solver = new CholeskyDecomposition(c, 1e-12, 1e-14).getSolver();
		RealVector alpha = solver.solve(MatrixUtils.createRealVector(y).mapSubtract(h.constantMean()));
		RealMatrix cInvKt = solver.solve(kxz.transpose());
		GaussianProcess.Posterior posterior = process.predict(x);
		for (int i = 0; i < 6; i++) {
			double mean = h.constantMean() + kxz.getRowVector(i).dotProduct(alpha);
			double variance = kxx.getEntry(i, i) - kxz.getRowVector(i).dotProduct(cInvKt.getColumnVector(i));
			assertThat(posterior.mean()[i]).isCloseTo(mean, within(1e-8));
			assertThat(posterior.variance()[i]).isCloseTo(Math.max(variance, 1e-12), within(1e-8));
		}
		assertThat(h.logMarginalLikelihood())
			.isCloseTo(closedFormLogLikelihood(kzz, h.noiseVariance(), h.constantMean(), y), within(1e-7));
	}

	@Test
	void coupledKernelIsSymmetricPositiveSemiDefiniteAndEqualsSOnTheObservedPoints() {
		int n = 20;
		double[][] z = Matern52KernelTest.randomPoints(n, 10, 51);
		double[][] v = Matern52KernelTest.randomPoints(n, 20, 52);
		double[] s = Matern52Kernel.matrix(v, filled(20, 0.5));
		RealMatrix k = coupledKernel(z, z, z, filled(10, 0.5), s, n);
		double maxDifference = 0;
		double[] flat = new double[n * n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				assertThat(k.getEntry(i, j)).isCloseTo(k.getEntry(j, i), within(1e-12));
				maxDifference = Math.max(maxDifference, Math.abs(k.getEntry(i, j) - s[i * n + j]));
				flat[i * n + j] = k.getEntry(i, j);
			}
		}
		// K = Phi S Phi with Phi = I - eps (L + eps I)^-1: off S by about 2 eps /
		// lambda_min(L)
		assertThat(maxDifference).isLessThan(1e-3);
		assertThat(Matern52KernelTest.minEigenvalue(flat, n)).isGreaterThan(-1e-10);
		// and the coupling matrix of the production code equals the explicit one
		double[] phi = couplingMatrix(z, filled(10, 0.5), n);
		double[] sandwich = DenseAlgebra.sandwichSymmetric(phi, s, n);
		for (int i = 0; i < n * n; i++) {
			assertThat(sandwich[i]).isCloseTo(flat[i], within(1e-10));
		}
	}

	private static double[] filled(int n, double v) {
		double[] a = new double[n];
		java.util.Arrays.fill(a, v);
		return a;
	}

	@Test
	void largeBatchesAgreeWithSingleCandidates() {
		Observations observations = StepTimeBenchmark.syntheticCoupled(150, 10, 5, 61);
		GaussianProcess process = GaussianProcess.fit(observations, 1, 10, 1);
		double[][] x = SobolDesign.points(1000, 10, 62);
		assertThat((long) x.length * 150 * 150).isGreaterThanOrEqualTo(DenseAlgebra.NATIVE_GEMM_FROM);
		GaussianProcess.Posterior batched = process.predict(x);
		for (int i = 0; i < x.length; i += 97) {
			GaussianProcess.Posterior single = process.predict(new double[][] { x[i] });
			assertThat(batched.mean()[i]).isCloseTo(single.mean()[0], within(1e-10));
			assertThat(batched.variance()[i]).isCloseTo(single.variance()[0], within(1e-10));
		}
	}

	@Test
	void coupledLikelihoodBarelySeesTheLatentLengthscalesSoTheyAreFittedSeparately() {
		// why GaussianProcess fits l's lengthscales on (Z, y) first: through Phi they
		// move the
		// coupled marginal likelihood far less than the Gamma(3, 6) prior does
		int n = 40;
		double[][] z = Matern52KernelTest.randomPoints(n, 10, 81);
		double[][] v = Matern52KernelTest.randomPoints(n, 20, 82);
		double[] y = new SplittableRandom(83).doubles(n, -1.5, 1.5).toArray();
		double[] p = new double[23];
		java.util.Arrays.fill(p, 0, 20, Math.log(0.8));
		p[20] = 0;
		p[21] = Math.log(0.05);
		double shortScale = new MarginalLikelihood(v, y, couplingMatrix(z, filled(10, 0.3), n))
			.logMarginalLikelihood(p);
		double longScale = new MarginalLikelihood(v, y, couplingMatrix(z, filled(10, 1.0), n)).logMarginalLikelihood(p);
		double priorChange = 10
				* (GammaPrior.LENGTHSCALE.logDensity(Math.log(0.3)) - GammaPrior.LENGTHSCALE.logDensity(Math.log(1.0)));
		// measured: 3e-4 against a prior change of 17.9
		assertThat(Math.abs(shortScale - longScale)).isLessThan(1e-3 * Math.abs(priorChange));
	}

}
