package dev.instructzero.run;

import java.util.List;

import dev.instructzero.bo.BetaPosterior;

/**
 * How a new instruction is scored on the dev subset: stage by stage, and after a stage
 * short of the whole subset it stops when the {@code confidence}-quantile of its
 * accuracy's Beta posterior (uniform prior) is below the incumbent's dev score.
 *
 * @param stageSizes dev examples after which an instruction is checked, ending with the
 * whole subset; just [devSize] for a full evaluation
 */
public record RacingRule(List<Integer> stageSizes, double confidence) {

	/**
	 * The racing rule: the confidence-quantile of Beta(1 + s, 1 + k - s), s the sum of
	 * the k scores so far, is below the incumbent's dev score.
	 */
	static boolean cannotBeat(double[] scores, double incumbent, double confidence) {
		if (Double.isNaN(incumbent)) {
			return false;
		}
		double successes = 0;
		for (double score : scores) {
			successes += score;
		}
		return BetaPosterior.upperBound(Math.min(successes, scores.length), scores.length, confidence) < incumbent;
	}

}
