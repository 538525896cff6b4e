package dev.instructzero.run;

import java.time.Instant;

import dev.instructzero.task.ScoreInterval;

/**
 * A final-selection candidate scored on the wider evaluation.
 *
 * @param devRank 1 for the highest dev score
 * @param extraScores per-example scores on the extra examples, in the split's order
 * @param widerScore mean over the subset and the extra examples
 * @param widerExamples subset size plus number of extra examples
 * @param interval 95% interval of {@code widerScore}
 * @param chosen whether it is the job's final choice
 */
public record FinalScore(int ordinal, int devRank, double[] extraScores, double widerScore, int widerExamples,
		ScoreInterval interval, long tokensIn, long tokensOut, Instant createdAt, boolean chosen) {

}
