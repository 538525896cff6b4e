package dev.instructzero.bo;

import java.util.List;

/**
 * The next batch of soft prompts to evaluate.
 *
 * @param candidates exactly q distinct candidates, ordered by decreasing log EI
 * @param hyperparameters the fitted Gaussian process behind them
 */
public record Proposal(List<Candidate> candidates, FittedHyperparameters hyperparameters) {

	public Proposal {
		candidates = List.copyOf(candidates);
	}

	/** The soft prompts alone, q x d, in proposal order. */
	public double[][] points() {
		double[][] points = new double[this.candidates.size()][];
		for (int i = 0; i < points.length; i++) {
			points[i] = this.candidates.get(i).z();
		}
		return points;
	}

}
