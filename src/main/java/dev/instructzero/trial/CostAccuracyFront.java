package dev.instructzero.trial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cost–accuracy trade-off among a job's distinct instructions: an instruction is on
 * the front when no other one is at most as long and at least as good with one of the two
 * strictly (shorter and better). Length is {@link Trial#instructionTokens()}, accuracy
 * the dev score on the job's fixed subset (the one score every instruction has, on the
 * same examples). Of instructions equal in both, the earliest trial stands for them.
 */
final class CostAccuracyFront {

	// a score within this of another counts as equal (dev scores are means of 0/1 or f1)
	private static final double SCORE_TOLERANCE = 1e-12;

	private static final Comparator<Trial> SHORTER_THEN_BETTER = Comparator.comparingInt(Trial::instructionTokens)
		.thenComparing(Comparator.comparingDouble(Trial::devScore).reversed())
		.thenComparingInt(Trial::ordinal);

	private CostAccuracyFront() {
	}

	/**
	 * The Pareto-optimal instructions, shortest first (so scores rise along the list).
	 * @param distinct one trial per distinct instruction, failed generations excluded
	 */
	static List<Trial> of(List<Trial> distinct) {
		List<Trial> sorted = new ArrayList<>(distinct);
		sorted.sort(SHORTER_THEN_BETTER);
		List<Trial> front = new ArrayList<>();
		double best = Double.NEGATIVE_INFINITY;
		for (Trial trial : sorted) {
			// every earlier trial is at most as long: this one must be strictly better
			if (trial.devScore() > best + SCORE_TOLERANCE) {
				front.add(trial);
				best = trial.devScore();
			}
		}
		return front;
	}

	/**
	 * The shortest instruction whose dev score is within {@code epsilon} of the highest;
	 * on equal length the better, then the earlier one.
	 * @param distinct one trial per distinct instruction, failed generations excluded
	 * @param epsilon tolerated loss of dev score, at least 0
	 */
	static Optional<Trial> shortestWithin(List<Trial> distinct, double epsilon) {
		double highest = distinct.stream().mapToDouble(Trial::devScore).max().orElse(Double.NaN);
		return distinct.stream()
			.filter((t) -> t.devScore() >= highest - epsilon - SCORE_TOLERANCE)
			.min(SHORTER_THEN_BETTER);
	}

}
