package dev.instructzero.task;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code numeric} metric: the first number in the answer equals the first number of
 * an acceptable output within the task's tolerances, i.e.
 * {@code |a - e| <= max(rel * max(|a|, |e|), abs)} as Python's {@code math.isclose}.
 * Numbers may carry a sign, a decimal part, an exponent, and thousands separated by
 * commas in groups of three ({@code 1,234.5}); U+2212 (minus sign) counts as {@code -}.
 */
final class NumericMetric {

	private static final Pattern NUMBER = Pattern.compile(
			"[-+]?(?:\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)(?:\\.\\d+)?(?:[eE][-+]?\\d+)?|[-+]?\\.\\d+(?:[eE][-+]?\\d+)?");

	private NumericMetric() {
	}

	static double score(MetricOptions options, String prediction, List<String> answers) {
		OptionalDouble answer = firstNumber(prediction);
		if (answer.isEmpty()) {
			return 0.0;
		}
		double a = answer.getAsDouble();
		for (String output : answers) {
			OptionalDouble expected = firstNumber(output);
			if (expected.isPresent() && close(a, expected.getAsDouble(), options)) {
				return 1.0;
			}
		}
		return 0.0;
	}

	static boolean close(double a, double e, MetricOptions options) {
		double tolerance = Math.max(options.relativeToleranceOrDefault() * Math.max(Math.abs(a), Math.abs(e)),
				options.absoluteToleranceOrDefault());
		return Math.abs(a - e) <= tolerance;
	}

	/** The first number in {@code text}, if any. */
	static OptionalDouble firstNumber(String text) {
		Matcher matcher = NUMBER.matcher(text.replace('\u2212', '-'));
		if (!matcher.find()) {
			return OptionalDouble.empty();
		}
		double value = new BigDecimal(matcher.group().replace(",", "").replace("+", "")).doubleValue();
		return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
	}

}
