package dev.instructzero.bo;

import java.util.List;

/**
 * The next batch of soft prompts to evaluate.
 *
 * @param candidates exactly q distinct candidates, ordered by decreasing log EI
 * @param hyperparameters the fitted Gaussian process behind them
 * @param pending the points still under evaluation that the proposal treated as observed,
 * with the value it believed for each, in the order given (empty for a synchronous batch)
 */
public record Proposal(List<Candidate> candidates, FittedHyperparameters hyperparameters, List<Fantasy> pending) {

	public Proposal {
		candidates = List.copyOf(candidates);
		pending = List.copyOf(pending);
	}

	/** A proposal made with nothing pending. */
	public Proposal(List<Candidate> candidates, FittedHyperparameters hyperparameters) {
		this(candidates, hyperparameters, List.of());
	}

	/** The soft prompts alone, q x d, in proposal order. */
	public double[][] points() {
		double[][] points = new double[this.candidates.size()][];
		for (int i = 0; i < points.length; i++) {
			points[i] = this.candidates.get(i).z();
		}
		return points;
	}

	/**
	 * A pending soft prompt and its Kriging-believer value: the posterior mean of the dev
	 * score there given the observations (raw score units).
	 */
	public record Fantasy(double[] z, double believedScore) {

		public Fantasy {
			z = z.clone();
		}

		@Override
		public double[] z() {
			return this.z.clone();
		}

	}

}
