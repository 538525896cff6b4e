package dev.instructzero.task;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Scores one prediction against the acceptable answers of an example with a task's
 * {@link Metric}. The benchmark metrics compare {@link AnswerNormalizer normalised} text:
 * any-match over the answers for {@code exact_match}, {@code exact_set} and
 * {@code contains}, the maximum over the answers for {@code f1}; tokens are split on
 * Python's whitespace ({@link PythonText}). The other metrics read the raw answer with
 * their {@link MetricOptions}. The result is in {@code [0, 1]}. A blank prediction (empty
 * or refused answer), or one that normalises to nothing (like {@code "."}), scores 0
 * under every metric: an acceptable output that normalises to nothing is dropped when the
 * task is created, so no answer can match it. An empty answer list is rejected.
 */
public final class MetricScorer {

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
		return score(metric, MetricOptions.NONE, prediction, answers);
	}

	/**
	 * Score of {@code prediction} under {@code metric} with its options.
	 * @param metric the task's metric
	 * @param options the task's metric options (validated when the task was created)
	 * @param prediction the black-box model's raw answer; {@code null} counts as blank
	 * @param answers the acceptable answers, at least one
	 * @return a score in {@code [0, 1]}
	 * @throws IllegalArgumentException if {@code answers} is empty
	 */
	public static double score(Metric metric, MetricOptions options, String prediction, List<String> answers) {
		if (answers == null || answers.isEmpty()) {
			throw new IllegalArgumentException("an example needs at least one acceptable answer");
		}
		if (prediction == null || PythonText.strip(prediction).isEmpty()) {
			return 0.0;
		}
		MetricOptions given = (options != null) ? options : MetricOptions.NONE;
		switch (metric) {
			case REGEX:
				return RegexMetric.score(given, prediction, answers);
			case NUMERIC:
				return NumericMetric.score(given, prediction, answers);
			case JSON:
				return JsonMetric.score(given, prediction, answers);
			case CHOICE:
				return ChoiceMetric.score(given, prediction, answers);
			case LLM_JUDGE:
				throw new IllegalArgumentException("llm_judge answers are graded by the judge model in the evaluator");
			default:
				break;
		}
		String normalizedPrediction = AnswerNormalizer.normalize(prediction);
		if (PythonText.strip(normalizedPrediction).isEmpty()) {
			return 0.0;
		}
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
				default -> throw new IllegalStateException("not a normalising metric: " + metric);
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
	 * Whether the answer occurs in the prediction as whole word(s), Python's
	 * {@code re.search(r"\b" + re.escape(answer) + r"\b", prediction)}: the answer is
	 * taken literally (the reference code forgot to escape it) and {@code \b} is a change
	 * between word and non-word characters as in {@link PythonText#isWordChar} (Unicode
	 * letters, digits, {@code _}, and combining marks, so an accent never ends a word).
	 */
	static boolean contains(String normalizedPrediction, String normalizedAnswer) {
		if (PythonText.strip(normalizedAnswer).isEmpty()) {
			return false;
		}
		return containsWords(normalizedPrediction, normalizedAnswer);
	}

	/** {@code needle} occurs in {@code text} with a word boundary on both ends. */
	static boolean containsWords(String text, String needle) {
		if (needle.isEmpty()) {
			return false;
		}
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
			int end = at + needle.length();
			if (boundary(text, at) && boundary(text, end)) {
				return true;
			}
		}
		return false;
	}

	// \b at index: the characters on either side differ in being word characters
	private static boolean boundary(String text, int index) {
		boolean before = index > 0 && PythonText.isWordChar(text.codePointBefore(index));
		boolean after = index < text.length() && PythonText.isWordChar(text.codePointAt(index));
		return before != after;
	}

	private static List<String> tokens(String normalized) {
		return PythonText.split(normalized);
	}

}
