package dev.instructzero.task;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

/**
 * The {@code regex} metric: 1 when the stripped answer contains a match of the task's
 * pattern, any-match over the acceptable outputs when the pattern references
 * {@value #OUTPUT_PLACEHOLDER}. Java's backtracking engine can take exponential time on
 * patterns like {@code (a+)+$}; two guards keep a pattern from stalling a job:
 * {@link #problem} refuses nested quantifiers (star height above 1) when the task is
 * created, and every match runs on a {@link BoundedText} that stops it after
 * {@value #MAX_STEPS} character reads, which scores 0.
 */
final class RegexMetric {

	static final String OUTPUT_PLACEHOLDER = "{output}";

	static final int MAX_PATTERN_LENGTH = 1000;

	// a linear pattern reads each character of a 4000-character answer a few times
	static final long MAX_STEPS = 1_000_000;

	private RegexMetric() {
	}

	static double score(MetricOptions options, String prediction, List<String> answers) {
		String answer = PythonText.strip(prediction);
		int flags = options.ignoreCaseOrDefault() ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
		// a regex task always has its pattern (TaskScoringRules requires it)
		String template = Objects.requireNonNull(options.pattern());
		List<String> expected = template.contains(OUTPUT_PLACEHOLDER) ? answers : answers.subList(0, 1);
		for (String output : expected) {
			Pattern pattern = Pattern.compile(render(template, output), flags);
			if (find(pattern, answer).orElse(false)) {
				return 1.0;
			}
		}
		return 0.0;
	}

	/**
	 * The pattern with every {@value #OUTPUT_PLACEHOLDER} replaced by the quoted output.
	 */
	static String render(String pattern, String output) {
		return pattern.replace(OUTPUT_PLACEHOLDER, Pattern.quote(output));
	}

	/**
	 * Whether {@code pattern} finds a match in {@code text}; empty when the match took
	 * more than {@value #MAX_STEPS} character reads.
	 */
	static Optional<Boolean> find(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(new BoundedText(text, new long[1]));
		try {
			return Optional.of(matcher.find());
		}
		catch (StepLimitExceeded ex) {
			return Optional.empty();
		}
	}

	/**
	 * Why {@code pattern} cannot be a task's pattern, or {@code null}: too long, does not
	 * compile, or nests quantifiers.
	 */
	static @Nullable String problem(String pattern) {
		if (pattern.length() > MAX_PATTERN_LENGTH) {
			return "at most " + MAX_PATTERN_LENGTH + " characters";
		}
		try {
			Pattern.compile(render(pattern, "x"));
		}
		catch (PatternSyntaxException ex) {
			return "does not compile: " + ex.getDescription() + " near index " + ex.getIndex();
		}
		if (nestsQuantifiers(pattern)) {
			return "a quantified group contains a quantifier (like (a+)+), which can backtrack for an exponential time; "
					+ "rewrite it without nesting";
		}
		return null;
	}

	/**
	 * Star height above 1: a group that contains a quantifier is itself quantified by
	 * {@code *}, {@code +} or a repetition {@code {n,m}} allowing more than one.
	 */
	static boolean nestsQuantifiers(String pattern) {
		// per open group: does it contain a quantifier?
		java.util.ArrayDeque<boolean[]> groups = new java.util.ArrayDeque<>();
		boolean inClass = false;
		boolean lastGroupQuantified = false;
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '\\') {
				if (i + 1 < pattern.length() && pattern.charAt(i + 1) == 'Q') {
					int end = pattern.indexOf("\\E", i + 2);
					i = (end < 0) ? pattern.length() : end + 1;
				}
				else {
					i++;
				}
				lastGroupQuantified = false;
				continue;
			}
			if (inClass) {
				inClass = c != ']';
				continue;
			}
			boolean closedGroupQuantified = lastGroupQuantified;
			lastGroupQuantified = false;
			switch (c) {
				case '[' -> {
					inClass = true;
					if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') {
						i++;
					}
				}
				case '(' -> groups.push(new boolean[1]);
				case ')' -> {
					boolean[] closed = groups.poll();
					lastGroupQuantified = closed != null && closed[0];
					if (lastGroupQuantified && !groups.isEmpty()) {
						groups.peek()[0] = true;
					}
				}
				case '*', '+', '{' -> {
					if (c == '{' && !repeatsMoreThanOnce(pattern, i)) {
						break;
					}
					if (closedGroupQuantified && pattern.charAt(i - 1) == ')') {
						return true;
					}
					if (!groups.isEmpty()) {
						groups.peek()[0] = true;
					}
				}
				default -> {
				}
			}
		}
		return false;
	}

	private static boolean repeatsMoreThanOnce(String pattern, int brace) {
		int close = pattern.indexOf('}', brace);
		if (close < 0) {
			return false;
		}
		String body = pattern.substring(brace + 1, close);
		if (!body.matches("\\d+(,\\d*)?")) {
			return false;
		}
		String[] bounds = body.split(",", -1);
		if (bounds.length == 1) {
			return Integer.parseInt(bounds[0]) > 1;
		}
		return bounds[1].isEmpty() || Integer.parseInt(bounds[1]) > 1;
	}

	/** Thrown by {@link BoundedText} when a match has read too many characters. */
	private static final class StepLimitExceeded extends RuntimeException {

		StepLimitExceeded() {
			super("regex step limit exceeded", null, false, false);
		}

	}

	/**
	 * The answer as the matcher reads it: every {@code charAt} counts one step against a
	 * budget shared with its sub-sequences.
	 */
	private record BoundedText(String text, long[] steps) implements CharSequence {

		@Override
		public int length() {
			return this.text.length();
		}

		@Override
		public char charAt(int index) {
			if (++this.steps[0] > MAX_STEPS) {
				throw new StepLimitExceeded();
			}
			return this.text.charAt(index);
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return new BoundedText(this.text.substring(start, end), this.steps);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
