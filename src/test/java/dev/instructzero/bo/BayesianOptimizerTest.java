package dev.instructzero.bo;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BayesianOptimizerTest {

	private static final OptimizerSettings FAST = new OptimizerSettings(2, 30, 20, 5, 0.8, 1e-3);

	private static Observations coupledObservations(int n, int d, int m, long seed) {
		double[][] z = SobolDesign.points(n, d, seed);
		double[] y = new double[n];
		double[][] v = new double[n][m];
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < n; i++) {
			double quality = 0.5 + 0.4 * Math.tanh(-TestFunctions.LEVY10.valueAtUnit(pad(z[i], 10)) / 50 + 0.5);
			for (int k = 0; k < m; k++) {
				v[i][k] = (random.nextDouble() < quality) ? 1 : 0;
				y[i] += v[i][k] / m;
			}
		}
		return new Observations(z, y, v, KernelChoice.INSTRUCTION_COUPLED);
	}

	private static double[] pad(double[] z, int d) {
		double[] p = new double[d];
		System.arraycopy(z, 0, p, 0, Math.min(d, z.length));
		return p;
	}

	@Test
	void proposesQDistinctPointsInTheBoxOrderedByLogExpectedImprovement() {
		for (KernelChoice kernel : KernelChoice.values()) {
			Observations coupled = coupledObservations(30, 10, 20, 5);
			Observations observations = (kernel == KernelChoice.LATENT)
					? Observations.latent(coupled.z(), coupled.scores()) : coupled;
			Proposal proposal = new BayesianOptimizer(FAST).propose(observations, 25, 9);
			List<Candidate> candidates = proposal.candidates();
			assertThat(candidates).hasSize(25);
			assertThat(proposal.hyperparameters().kernel()).isEqualTo(kernel);
			for (int i = 0; i < 25; i++) {
				double[] z = candidates.get(i).z();
				for (double v : z) {
					assertThat(v).isBetween(-1.0, 1.0);
				}
				assertThat(candidates.get(i).logExpectedImprovement()).isFinite();
				assertThat(candidates.get(i).predictedScoreStd()).isNotNegative();
				if (i > 0) {
					assertThat(candidates.get(i).logExpectedImprovement())
						.isLessThanOrEqualTo(candidates.get(i - 1).logExpectedImprovement());
				}
				for (int j = 0; j < i; j++) {
					assertThat(BayesianOptimizer.distance(z, candidates.get(j).z())).isGreaterThanOrEqualTo(1e-3);
				}
				for (double[] seen : observations.z()) {
					assertThat(BayesianOptimizer.distance(z, seen)).isGreaterThanOrEqualTo(1e-3);
				}
			}
		}
	}

	@Test
	void isDeterministicForASeed() {
		Observations observations = coupledObservations(20, 4, 8, 1);
		BayesianOptimizer optimizer = new BayesianOptimizer(FAST);
		double[][] first = optimizer.propose(observations, 5, 42).points();
		assertThat(optimizer.propose(observations, 5, 42).points()).isDeepEqualTo(first);
		assertThat(java.util.Arrays.deepEquals(optimizer.propose(observations, 5, 43).points(), first)).isFalse();
	}

	@Test
	void fillsTheBatchWhenCmaEsOptimaCoincideAndKeepsTheMinimumDistance() {
		// one observation: all starts beyond the first are Sobol points, and a large
		// minimum
		// distance forces most CMA-ES optima (which crowd the same maximum) out
		Observations observations = Observations.latent(new double[][] { { 0.2, -0.1 }, { -0.5, 0.5 } },
				new double[] { 1, 0 });
		OptimizerSettings wide = new OptimizerSettings(1, 20, 10, 3, 0.8, 0.3);
		Proposal proposal = new BayesianOptimizer(wide).propose(observations, 12, 3);
		double[][] points = proposal.points();
		assertThat(points).hasNumberOfRows(12);
		for (int i = 0; i < points.length; i++) {
			for (int j = 0; j < i; j++) {
				assertThat(BayesianOptimizer.distance(points[i], points[j])).isGreaterThanOrEqualTo(0.3);
			}
			assertThat(BayesianOptimizer.distance(points[i], new double[] { 0.2, -0.1 })).isGreaterThanOrEqualTo(0.3);
		}
	}

	@Test
	void warmStartFromThePreviousStepGivesAFitAtLeastAsLikelyAndChecksItsShape() {
		Observations observations = coupledObservations(40, 4, 8, 6);
		Observations earlier = new Observations(java.util.Arrays.copyOf(observations.z(), 30),
				java.util.Arrays.copyOf(observations.scores(), 30),
				java.util.Arrays.copyOf(observations.scoreVectors(), 30), KernelChoice.INSTRUCTION_COUPLED);
		BayesianOptimizer optimizer = new BayesianOptimizer(FAST);
		FittedHyperparameters previous = optimizer.propose(earlier, 5, 1).hyperparameters();
		Proposal cold = optimizer.propose(observations, 5, 2);
		Proposal warm = optimizer.propose(observations, 5, 2, previous);
		assertThat(warm.candidates()).hasSize(5);
		assertThat(optimizer.propose(observations, 5, 2, previous).points()).isDeepEqualTo(warm.points());
		// both fits polish the same likelihood; the warm one must not end far worse
		assertThat(warm.hyperparameters().logMarginalLikelihood())
			.isGreaterThan(cold.hyperparameters().logMarginalLikelihood() - 1.0);
		assertThatIllegalArgumentException().isThrownBy(
				() -> optimizer.propose(Observations.latent(observations.z(), observations.scores()), 5, 2, previous))
			.withMessageContaining("warm start");
	}

	@Test
	void rejectsBadArguments() {
		BayesianOptimizer optimizer = new BayesianOptimizer();
		Observations observations = Observations.latent(new double[][] { { 0.0 } }, new double[] { 1 });
		assertThatIllegalArgumentException().isThrownBy(() -> optimizer.propose(null, 1, 0))
			.withMessageContaining("observations");
		assertThatIllegalArgumentException().isThrownBy(() -> optimizer.propose(observations, 0, 0))
			.withMessageContaining("q must be");
		assertThatIllegalArgumentException().isThrownBy(() -> new BayesianOptimizer(null));
		assertThatIllegalArgumentException().isThrownBy(() -> new OptimizerSettings(0, 1, 4, 1, 0.8, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new OptimizerSettings(1, 1, 4, 1, 0.8, -1));
	}

	@Test
	void worksFromASingleObservationAndConstantScores() {
		Proposal one = new BayesianOptimizer(FAST)
			.propose(Observations.latent(new double[][] { { 0.5, 0.5 } }, new double[] { 3 }), 3, 1);
		assertThat(one.candidates()).hasSize(3);
		Proposal flat = new BayesianOptimizer(FAST)
			.propose(Observations.latent(SobolDesign.points(6, 2, 1), new double[] { 2, 2, 2, 2, 2, 2 }), 3, 1);
		assertThat(flat.candidates()).hasSize(3).allSatisfy((c) -> assertThat(c.predictedScore()).isFinite());
	}

	@Test
	void copesWithRepeatedAndAllZeroScoreVectorsAsEarlyInstructZeroRunsProduce() {
		// many soft prompts decode to instructions that fail every dev example: identical
		// V rows
		int n = 12;
		double[][] z = SobolDesign.points(n, 10, 8);
		double[][] v = new double[n][20];
		double[] y = new double[n];
		for (int k = 0; k < 5; k++) {
			v[3][k] = 1;
			v[7][k] = 1;
		}
		y[3] = 0.25;
		y[7] = 0.25;
		Proposal proposal = new BayesianOptimizer(FAST)
			.propose(new Observations(z, y, v, KernelChoice.INSTRUCTION_COUPLED), 25, 2);
		assertThat(proposal.candidates()).hasSize(25)
			.allSatisfy((c) -> assertThat(c.logExpectedImprovement()).isFinite());
		Proposal allZero = new BayesianOptimizer(FAST)
			.propose(new Observations(z, new double[n], new double[n][20], KernelChoice.INSTRUCTION_COUPLED), 5, 2);
		assertThat(allZero.candidates()).hasSize(5);
	}

	@Test
	void closesInOnTheBraninMinimumWithinFortyEvaluations() {
		TestFunctions branin = TestFunctions.BRANIN;
		List<double[]> z = new java.util.ArrayList<>(List.of(SobolDesign.points(10, 2, 4)));
		List<Double> y = new java.util.ArrayList<>();
		for (double[] p : z) {
			y.add(-branin.valueAtUnit(p));
		}
		BayesianOptimizer optimizer = new BayesianOptimizer(new OptimizerSettings(2, 50, 30, 10, 0.8, 1e-3));
		for (int round = 0; round < 6; round++) {
			Observations observations = Observations.latent(z.toArray(new double[0][]),
					y.stream().mapToDouble(Double::doubleValue).toArray());
			for (double[] p : optimizer.propose(observations, 5, round).points()) {
				z.add(p);
				y.add(-branin.valueAtUnit(p));
			}
		}
		double best = -y.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		// random search with 40 points typically stays above 0.6
		assertThat(best - branin.optimalValue()).isLessThan(0.05);
	}

}
