package dev.instructzero.task;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code choice} metric: multiple choice with options labelled A, B, C... The chosen
 * label is read from the answer, first rule that applies:
 * <ol>
 * <li>the whole answer is a label, optionally in parentheses and followed by {@code .},
 * {@code )} or {@code :} ({@code B}, {@code (b)}, {@code B.});</li>
 * <li>the whole answer is one of the listed options (case-insensitive, trailing {@code .}
 * ignored);</li>
 * <li>"answer is B" / "answer: (B)";</li>
 * <li>the first label in parentheses, or at the start of the answer or a line followed by
 * {@code )}, {@code .} or {@code :};</li>
 * <li>exactly one listed option occurs in the answer as whole words.</li>
 * </ol>
 * An expected output is a label or one of the listed options. Score 1 when the labels are
 * the same.
 */
final class ChoiceMetric {

	private static final Pattern WHOLE_LABEL = Pattern.compile("\\(?([A-Za-z])[).:]?");

	private static final Pattern ANSWER_IS = Pattern
		.compile("(?i:answer)\\s*(?:(?i:is)|:)\\s*\\(?([A-Z])(?![\\p{L}\\p{N}])");

	private static final Pattern MARKED_LABEL = Pattern.compile("\\(([A-Z])\\)|(?m)^\\s*([A-Z])[).:](?!\\S*\\p{L})");

	private ChoiceMetric() {
	}

	static double score(MetricOptions options, String prediction, List<String> answers) {
		List<String> choices = options.choicesOrEmpty();
		Optional<Character> chosen = chosenLabel(prediction, choices);
		if (chosen.isEmpty()) {
			return 0.0;
		}
		for (String output : answers) {
			Optional<Character> expected = expectedLabel(output, choices);
			if (expected.isPresent() && expected.get().equals(chosen.get())) {
				return 1.0;
			}
		}
		return 0.0;
	}

	/** The label an expected output names: a label itself or a listed option. */
	static Optional<Character> expectedLabel(String output, List<String> choices) {
		String text = PythonText.strip(output);
		Matcher label = WHOLE_LABEL.matcher(text);
		if (label.matches() && inRange(Character.toUpperCase(label.group(1).charAt(0)), choices)) {
			return Optional.of(Character.toUpperCase(label.group(1).charAt(0)));
		}
		return optionLabel(text, choices);
	}

	static Optional<Character> chosenLabel(String prediction, List<String> choices) {
		String text = PythonText.strip(prediction);
		Matcher whole = WHOLE_LABEL.matcher(text);
		if (whole.matches()) {
			char label = Character.toUpperCase(whole.group(1).charAt(0));
			return inRange(label, choices) ? Optional.of(label) : Optional.empty();
		}
		Optional<Character> option = optionLabel(text, choices);
		if (option.isPresent()) {
			return option;
		}
		Matcher answerIs = ANSWER_IS.matcher(text);
		if (answerIs.find() && inRange(answerIs.group(1).charAt(0), choices)) {
			return Optional.of(answerIs.group(1).charAt(0));
		}
		Matcher marked = MARKED_LABEL.matcher(text);
		while (marked.find()) {
			char label = ((marked.group(1) != null) ? marked.group(1) : marked.group(2)).charAt(0);
			if (inRange(label, choices)) {
				return Optional.of(label);
			}
		}
		Character only = null;
		String lower = text.toLowerCase(Locale.ROOT);
		for (int i = 0; i < choices.size(); i++) {
			if (MetricScorer.containsWords(lower, PythonText.strip(choices.get(i)).toLowerCase(Locale.ROOT))) {
				if (only != null) {
					return Optional.empty();
				}
				only = (char) ('A' + i);
			}
		}
		return Optional.ofNullable(only);
	}

	private static Optional<Character> optionLabel(String text, List<String> choices) {
		String bare = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
		for (int i = 0; i < choices.size(); i++) {
			if (PythonText.strip(choices.get(i)).equalsIgnoreCase(PythonText.strip(bare))) {
				return Optional.of((char) ('A' + i));
			}
		}
		return Optional.empty();
	}

	private static boolean inRange(char label, List<String> choices) {
		int last = choices.isEmpty() ? 'Z' : 'A' + choices.size() - 1;
		return label >= 'A' && label <= last;
	}

}
