package dev.instructzero.trial;

import java.util.List;

/**
 * One trial with the answers behind its scores: per dev example the input, the expected
 * outputs, the black box's answer and its score; the same for the test examples when this
 * trial was the job's best. A duplicate instruction shows the answers of the trial that
 * first scored it ({@code answersFromOrdinal}).
 *
 * @param trial the trial as in the list
 * @param answersFromOrdinal the ordinal whose evaluation the dev answers come from
 * @param devAnswers answers on the job's fixed dev subset, in its order
 * @param testAnswers answers on the test examples; empty unless scored on them
 */
record TrialDetailResponse(TrialResponse trial, int answersFromOrdinal, List<ExampleAnswer> devAnswers,
		List<ExampleAnswer> testAnswers) {
}
