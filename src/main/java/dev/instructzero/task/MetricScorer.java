package dev.instructzero.task;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scores one prediction against the acceptable answers of an example with a benchmark
 * {@link Metric}, after {@link AnswerNormalizer normalising} both sides. The result is in
 * {@code [0, 1]}: any-match over the answers for {@code exact_match}, {@code exact_set}
 * and {@code contains}, the maximum over the answers for {@code f1}. A blank prediction
 * (empty or refused answer) scores 0; an empty answer list is rejected.
 */
public final class MetricScorer {

	private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

	private MetricScorer() {
	}

	/**
	 * Score of {@code prediction} under {@code metric}.
	 * @param metric the task's metric
	 * @param prediction the black-box model's raw answer; {@code null} counts as blank
	 * @param answers the acceptable answers, at least one
	 * @return a score in {@code [0, 1]}
	 * @throws IllegalArgumentException if {@code answers} is empty
	 */
	public static double score(Metric metric, String prediction, List<String> answers) {
		if (answers == null || answers.isEmpty()) {
			throw new IllegalArgumentException("an example needs at least one acceptable answer");
		}
		if (prediction == null || prediction.isBlank()) {
			return 0.0;
		}
		String normalizedPrediction = AnswerNormalizer.normalize(prediction);
		double best = 0.0;
		for (String answer : answers) {
			String normalizedAnswer = AnswerNormalizer.normalize(answer);
			double score = switch (metric) {
				case EXACT_MATCH -> normalizedPrediction.equals(normalizedAnswer) ? 1.0 : 0.0;
				case F1 -> f1(normalizedPrediction, normalizedAnswer);
				case EXACT_SET ->
					new HashSet<>(tokens(normalizedPrediction)).equals(new HashSet<>(tokens(normalizedAnswer))) ? 1.0
							: 0.0;
				case CONTAINS -> contains(normalizedPrediction, normalizedAnswer) ? 1.0 : 0.0;
			};
			best = Math.max(best, score);
			if (best == 1.0) {
				break;
			}
		}
		return best;
	}

	/** SQuAD-style token F1 over whitespace tokens of normalised strings. */
	static double f1(String normalizedPrediction, String normalizedAnswer) {
		List<String> predicted = tokens(normalizedPrediction);
		List<String> expected = tokens(normalizedAnswer);
		if (predicted.isEmpty() || expected.isEmpty()) {
			return 0.0;
		}
		Map<String, Integer> remaining = new HashMap<>();
		for (String token : expected) {
			remaining.merge(token, 1, Integer::sum);
		}
		int same = 0;
		for (String token : predicted) {
			Integer left = remaining.get(token);
			if (left != null && left > 0) {
				remaining.put(token, left - 1);
				same++;
			}
		}
		if (same == 0) {
			return 0.0;
		}
		double precision = (double) same / predicted.size();
		double recall = (double) same / expected.size();
		return 2 * precision * recall / (precision + recall);
	}

	/**
	 * Whether the answer occurs in the prediction as whole word(s). The answer is quoted,
	 * so regex metacharacters match literally (the reference code forgot that); word
	 * boundaries are Unicode-aware like Python 3's {@code \b}.
	 */
	static boolean contains(String normalizedPrediction, String normalizedAnswer) {
		if (normalizedAnswer.isBlank()) {
			return normalizedPrediction.isBlank();
		}
		Pattern pattern = Pattern.compile("\\b" + Pattern.quote(normalizedAnswer) + "\\b",
				Pattern.UNICODE_CHARACTER_CLASS);
		return pattern.matcher(normalizedPrediction).find();
	}

	private static List<String> tokens(String normalized) {
		String trimmed = normalized.strip();
		return trimmed.isEmpty() ? List.of() : Arrays.asList(WHITESPACE.split(trimmed));
	}

}
