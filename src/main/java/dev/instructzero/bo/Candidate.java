package dev.instructzero.bo;

/**
 * One proposed soft prompt and why.
 *
 * @param z the soft prompt, d values in [-1, 1]
 * @param logExpectedImprovement log EI on the standardised scale (higher is better)
 * @param predictedScore posterior mean of the dev score, in raw score units
 * @param predictedScoreStd posterior standard deviation of the (noise-free) dev score,
 * raw units
 */
public record Candidate(double[] z, double logExpectedImprovement, double predictedScore, double predictedScoreStd) {

	public Candidate {
		z = z.clone();
	}

	@Override
	public double[] z() {
		return this.z.clone();
	}

}
