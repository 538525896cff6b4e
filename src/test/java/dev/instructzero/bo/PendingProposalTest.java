package dev.instructzero.bo;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Proposals while other points are still under evaluation (the {@code async} schedule):
 * the pending points enter as Kriging-believer fantasies.
 */
class PendingProposalTest {

	private static final OptimizerSettings FAST = new OptimizerSettings(2, 30, 20, 5, 0.8, 1e-3);

	/** One narrow bump at (0.3, ..., 0.3): every search climbs it first. */
	private static double peaked(double[] z) {
		double s = 0;
		for (double v : z) {
			s += (v - 0.3) * (v - 0.3);
		}
		return Math.exp(-s / 0.1);
	}

	private static Observations peaked(int n, int d) {
		double[][] z = SobolDesign.points(n, d, 3);
		return Observations.latent(z, Arrays.stream(z).mapToDouble(PendingProposalTest::peaked).toArray());
	}

	@Test
	void aPendingPointIsNotProposedAgain() {
		Observations observations = peaked(20, 3);
		BayesianOptimizer optimizer = new BayesianOptimizer(FAST);
		double[] first = optimizer.propose(observations, 1, 5).points()[0];
		// the same step without pending points proposes the same point again
		assertThat(optimizer.propose(observations, new double[0][], 1, 5, null).points()[0]).containsExactly(first);
		double exclusion = Math.max(FAST.minDistance(), EquivalenceRadius.of(observations));

		Proposal next = optimizer.propose(observations, new double[][] { first }, 3, 5, null);

		assertThat(next.candidates()).hasSize(3);
		for (double[] point : next.points()) {
			assertThat(BayesianOptimizer.distance(point, first)).isGreaterThanOrEqualTo(exclusion);
		}
	}

	@Test
	void manyPendingPointsAreAllKeptAtTheExclusionDistance() {
		Observations observations = peaked(15, 4);
		BayesianOptimizer optimizer = new BayesianOptimizer(FAST);
		double[][] pending = optimizer.propose(observations, 6, 8).points();
		double exclusion = Math.max(FAST.minDistance(), EquivalenceRadius.of(observations));

		Proposal next = optimizer.propose(observations, pending, 4, 9, null);

		for (double[] point : next.points()) {
			for (double[] busy : pending) {
				assertThat(BayesianOptimizer.distance(point, busy)).isGreaterThanOrEqualTo(exclusion);
			}
		}
		assertThat(next.pending()).hasSize(6);
		for (int i = 0; i < 6; i++) {
			assertThat(next.pending().get(i).z()).containsExactly(pending[i]);
		}
	}

	@Test
	void theBelieverValueIsThePosteriorMeanAndTheFantasyShrinksTheVarianceThereToTheClosedForm() {
		Observations observations = peaked(20, 3);
		double[][] pending = { { 0.25, 0.3, 0.35 }, { -0.5, 0.1, 0.7 } };
		Proposal proposal = new BayesianOptimizer(FAST).propose(observations, pending, 2, 11, null);

		// the same fit, independently: the posterior mean at the pending points
		GaussianProcess process = GaussianProcess.fit(observations, FAST.fitRestarts(), FAST.fitMaxIterations(), 11,
				null, FAST.lengthscalePrior());
		GaussianProcess.Posterior posterior = process.predict(pending);
		for (int i = 0; i < pending.length; i++) {
			double mean = process.scoreMean() + process.scoreScale() * posterior.mean()[i];
			assertThat(proposal.pending().get(i).believedScore()).isCloseTo(mean, within(1e-9));
		}
		// the bump is observed around (0.3, 0.3, 0.3): the believed value there is high
		assertThat(proposal.pending().get(0).believedScore()).isGreaterThan(proposal.pending().get(1).believedScore());

		// conditioned on a fantasy at x, the variance at x is s2 * noise / (s2 + noise)
		KrigingBeliever belief = new KrigingBeliever(process, observations.zView(), 0);
		belief.condition(pending[0]);
		double s2 = posterior.variance()[0];
		double noise = process.noiseVariance();
		double conditioned = belief.conditionedVariance(new double[][] { pending[0] }, new double[] { s2 })[0];
		assertThat(conditioned).isCloseTo(Math.max(s2 * noise / (s2 + noise), 1e-12), within(1e-9));
		// and the mean does not move: log EI changes only through the variance and the
		// incumbent
		assertThat(belief.logExpectedImprovement(new double[][] { pending[0] })[0]).isLessThan(LogExpectedImprovement
			.of(new double[] { posterior.mean()[0] }, new double[] { s2 }, process.bestStandardizedScore())[0]);
	}

	@Test
	void refusesPendingPointsOfAnotherDimension() {
		Observations observations = peaked(5, 3);
		BayesianOptimizer optimizer = new BayesianOptimizer(FAST);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> optimizer.propose(observations, new double[][] { { 0.1, 0.2 } }, 1, 1, null));
		assertThatIllegalArgumentException().isThrownBy(() -> optimizer.propose(observations, null, 1, 1, null));
	}

}
