package dev.instructzero.bo;

import java.util.Arrays;

import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KrigingBelieverTest {

	private static final OptimizerSettings FAST = new OptimizerSettings(2, 30, 20, 5, 0.8, 1e-3);

	/**
	 * A narrow bump at (0.3, ..., 0.3) on a flat floor: one peak that draws every run.
	 */
	private static double peaked(double[] z) {
		double s = 0;
		for (double v : z) {
			s += (v - 0.3) * (v - 0.3);
		}
		return Math.exp(-s / 0.1);
	}

	private static Observations peakedObservations(int n, int d) {
		double[][] z = SobolDesign.points(n, d, 3);
		double[] y = Arrays.stream(z).mapToDouble(KrigingBelieverTest::peaked).toArray();
		return Observations.latent(z, y);
	}

	/** s k(a, b) from the fitted latent hyper-parameters, by Hipparchus. */
	private static RealMatrix prior(double[][] a, double[][] b, FittedHyperparameters h) {
		return MatrixUtils
			.createRealMatrix(reshape(Matern52Kernel.cross(a, b, h.latentLengthscales()), a.length, b.length))
			.scalarMultiply(h.outputscale());
	}

	private static double[][] reshape(double[] values, int rows, int columns) {
		double[][] m = new double[rows][columns];
		for (int i = 0; i < rows; i++) {
			System.arraycopy(values, i * columns, m[i], 0, columns);
		}
		return m;
	}

	/**
	 * Posterior variance at x of a latent GP with the same hyper-parameters observing the
	 * rows of {@code data} (independent of the values observed).
	 */
	private static double posteriorVariance(double[] x, double[][] data, FittedHyperparameters h) {
		RealMatrix k = prior(data, data, h)
			.add(MatrixUtils.createRealIdentityMatrix(data.length).scalarMultiply(h.noiseVariance()));
		RealMatrix cross = prior(new double[][] { x }, data, h);
		RealMatrix solved = new CholeskyDecomposition(k, 1e-14, 1e-14).getSolver().solve(cross.transpose());
		return h.outputscale() - cross.multiply(solved).getEntry(0, 0);
	}

	@Test
	void posteriorCovarianceMatchesTheClosedFormAndItsDiagonalIsThePredictedVariance() {
		Observations observations = peakedObservations(20, 3);
		GaussianProcess process = GaussianProcess.fit(observations, 2, 30, 1);
		FittedHyperparameters h = process.hyperparameters();
		double[][] x = SobolDesign.points(6, 3, 99);
		double[] covariance = process.posteriorCovariance(x, x);
		RealMatrix k = prior(observations.z(), observations.z(), h)
			.add(MatrixUtils.createRealIdentityMatrix(20).scalarMultiply(h.noiseVariance()));
		RealMatrix cross = prior(x, observations.z(), h);
		RealMatrix truth = prior(x, x, h).subtract(cross.multiply(MatrixUtils.inverse(k)).multiply(cross.transpose()));
		double[] variance = process.predict(x).variance();
		for (int i = 0; i < 6; i++) {
			assertThat(covariance[i * 6 + i]).isCloseTo(variance[i], within(1e-9));
			for (int j = 0; j < 6; j++) {
				assertThat(covariance[i * 6 + j]).isCloseTo(truth.getEntry(i, j), within(1e-8));
			}
		}
	}

	@Test
	void conditioningOnAPointLeavesItTheVarianceOfOneNoisyObservation() {
		Observations latent = peakedObservations(20, 3);
		Observations coupled = BayesianOptimizerTestData.coupled(25, 4, 8, 2);
		for (Observations observations : new Observations[] { latent, coupled }) {
			GaussianProcess process = GaussianProcess.fit(observations, 2, 30, 1);
			double[][] point = { { -0.77, 0.91, -0.2, 0.6 } };
			point[0] = Arrays.copyOf(point[0], observations.dimension());
			double before = process.predict(point).variance()[0];
			KrigingBeliever belief = new KrigingBeliever(process, new double[0][], 0);
			belief.condition(point[0]);
			double after = belief.conditionedVariance(point, new double[] { before })[0];
			double noise = process.noiseVariance();
			// one Gaussian observation: sigma^2 noise / (sigma^2 + noise), below both
			assertThat(after).isCloseTo(before * noise / (before + noise), within(1e-9 * Math.max(1, before)));
			assertThat(after).isLessThan(Math.min(before, noise) * (1 + 1e-9));
			// the mean is unchanged: the log EI there falls because the variance does
			double[] unconditioned = LogExpectedImprovement.of(process.predict(point).mean(), new double[] { before },
					process.bestStandardizedScore());
			assertThat(belief.logExpectedImprovement(point)[0]).isLessThan(unconditioned[0]);
		}
	}

	@Test
	void sequentialConditioningEqualsObservingTheFantasiesAlongsideTheData() {
		Observations observations = peakedObservations(15, 2);
		GaussianProcess process = GaussianProcess.fit(observations, 2, 30, 4);
		FittedHyperparameters h = process.hyperparameters();
		double[][] fantasies = { { 0.5, 0.5 }, { -0.6, 0.2 }, { 0.52, 0.47 } };
		KrigingBeliever belief = new KrigingBeliever(process, new double[0][], 0);
		for (double[] f : fantasies) {
			belief.condition(f);
		}
		double[][] data = new double[15 + 3][];
		System.arraycopy(observations.z(), 0, data, 0, 15);
		System.arraycopy(fantasies, 0, data, 15, 3);
		double[][] x = SobolDesign.points(8, 2, 5);
		double[] conditioned = belief.conditionedVariance(x, process.predict(x).variance());
		for (int i = 0; i < x.length; i++) {
			assertThat(conditioned[i]).isCloseTo(posteriorVariance(x[i], data, h), within(1e-8));
		}
	}

	@Test
	void spreadsTheBatchWhereIndependentRunsCrowdOnePeak() {
		// the situation of the issue: coupled kernel, d = 10, q = 25 with the reference's
		// CMA-ES and the reference's Gamma(3, 6) lengthscale prior, whose short
		// lengthscales
		// make independent runs from the 25 best points climb the same log-EI peak
		Observations observations = BayesianOptimizerTestData.coupled(50, 10, 20, 2);
		OptimizerSettings reference = OptimizerSettings.defaults()
			.withLengthscalePrior(LengthscalePrior.REFERENCE_GAMMA);
		OptimizerSettings independent = reference.withBatchSelection(BatchSelection.INDEPENDENT);
		double[][] crowded = new BayesianOptimizer(independent).propose(observations, 25, 7).points();
		double[][] spread = new BayesianOptimizer(reference).propose(observations, 25, 7).points();
		assertThat(meanNearestNeighbour(spread)).isGreaterThan(1.5 * meanNearestNeighbour(crowded));
	}

	@Test
	void isDeterministicForASeed() {
		Observations observations = BayesianOptimizerTestData.coupled(20, 4, 8, 1);
		BayesianOptimizer optimizer = new BayesianOptimizer(FAST);
		assertThat(FAST.batchSelection()).isEqualTo(BatchSelection.KRIGING_BELIEVER);
		double[][] first = optimizer.propose(observations, 6, 42).points();
		assertThat(optimizer.propose(observations, 6, 42).points()).isDeepEqualTo(first);
		assertThat(Arrays.deepEquals(optimizer.propose(observations, 6, 43).points(), first)).isFalse();
	}

	private static double meanNearestNeighbour(double[][] points) {
		double sum = 0;
		for (int i = 0; i < points.length; i++) {
			double nearest = Double.POSITIVE_INFINITY;
			for (int j = 0; j < points.length; j++) {
				if (i != j) {
					nearest = Math.min(nearest, BayesianOptimizer.distance(points[i], points[j]));
				}
			}
			sum += nearest;
		}
		return sum / points.length;
	}

	/**
	 * Soft prompts in [-1, 1]^4 whose first two coordinates fall on a grid of cells of
	 * width 0.5, each cell one "instruction": points in one cell share their score
	 * vector.
	 */
	private static Observations cells(int n) {
		double[][] z = SobolDesign.points(n, 4, 5);
		double[][] vectors = new double[n][];
		double[] scores = new double[n];
		for (int i = 0; i < n; i++) {
			int cx = (int) Math.min(3, Math.floor((z[i][0] + 1) / 0.5));
			int cy = (int) Math.min(3, Math.floor((z[i][1] + 1) / 0.5));
			vectors[i] = new double[] { (cx == cy) ? 1 : 0, (cx + cy) % 2, (cx * 4 + cy) / 16.0 };
			scores[i] = (vectors[i][0] + vectors[i][1] + vectors[i][2]) / 3;
		}
		return new Observations(z, scores, vectors, KernelChoice.INSTRUCTION_COUPLED);
	}

	@Test
	void proposalsKeepTheEquivalenceRadiusFromEveryObservedAndChosenPoint() {
		Observations observations = cells(40);
		double radius = EquivalenceRadius.of(observations);
		assertThat(radius).isGreaterThan(FAST.minDistance());

		double[][] points = new BayesianOptimizer(FAST).propose(observations, 5, 11).points();

		for (int i = 0; i < points.length; i++) {
			for (double[] observed : observations.z()) {
				assertThat(BayesianOptimizer.distance(points[i], observed)).isGreaterThanOrEqualTo(radius);
			}
			for (int j = 0; j < i; j++) {
				assertThat(BayesianOptimizer.distance(points[i], points[j])).isGreaterThanOrEqualTo(radius);
			}
		}
	}

	@Test
	void thePenaltyIsFullAtAnObservedPointAndZeroBeyondTheRadius() {
		Observations observations = cells(40);
		GaussianProcess process = GaussianProcess.fit(observations, 2, 30, 1);
		KrigingBeliever belief = new KrigingBeliever(process, observations.z(), 0.2);
		double[] at = observations.z()[0];
		double[] halfway = at.clone();
		halfway[0] += (at[0] > 0) ? -0.1 : 0.1;
		double[][] x = { at, halfway };

		double[] plain = belief.logExpectedImprovement(x);
		double[] penalised = belief.penalisedLogExpectedImprovement(x);

		assertThat(penalised[0]).isCloseTo(plain[0] - KrigingBeliever.EXCLUSION_PENALTY, within(1e-9));
		double nearest = Arrays.stream(observations.z())
			.mapToDouble((z) -> BayesianOptimizer.distance(z, halfway))
			.min()
			.orElseThrow();
		double expected = (nearest < 0.2) ? KrigingBeliever.EXCLUSION_PENALTY * (1 - nearest / 0.2) : 0;
		assertThat(plain[1] - penalised[1]).isCloseTo(expected, within(1e-9));
	}

}
