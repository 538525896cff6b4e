package dev.instructzero.task;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The regex, numeric, json and choice metrics on hand-worked cases. */
class TaskMetricsTest {

	private static MetricOptions regex(String pattern, Boolean ignoreCase) {
		return new MetricOptions(pattern, ignoreCase, null, null, null, null, null);
	}

	private static MetricOptions numeric(Double absolute, Double relative) {
		return new MetricOptions(null, null, absolute, relative, null, null, null);
	}

	private static MetricOptions json(String match, Boolean stripFence) {
		return new MetricOptions(null, null, null, null, match, stripFence, null);
	}

	private static MetricOptions choice(String... choices) {
		return new MetricOptions(null, null, null, null, null, null, (choices.length == 0) ? null : List.of(choices));
	}

	private static double score(Metric metric, MetricOptions options, String answer, String... expected) {
		return MetricScorer.score(metric, options, answer, List.of(expected));
	}

	@Test
	void regexSearchesTheStrippedAnswer() {
		assertThat(score(Metric.REGEX, regex("^\\d{4}-\\d{2}-\\d{2}$", null), " 2024-01-31\n", "x")).isEqualTo(1.0);
		assertThat(score(Metric.REGEX, regex("^\\d{4}-\\d{2}-\\d{2}$", null), "on 2024-01-31", "x")).isEqualTo(0.0);
		assertThat(score(Metric.REGEX, regex("yes", null), "Oh YES", "x")).isEqualTo(0.0);
		assertThat(score(Metric.REGEX, regex("yes", true), "Oh YES", "x")).isEqualTo(1.0);
	}

	@Test
	void regexInsertsTheExpectedOutputLiterally() {
		MetricOptions anchored = regex("^(?:the answer is )?{output}\\.?$", true);
		assertThat(score(Metric.REGEX, anchored, "The answer is a.b.", "a.b")).isEqualTo(1.0);
		// "." of the output is quoted: it does not match "x"
		assertThat(score(Metric.REGEX, anchored, "axb", "a.b")).isEqualTo(0.0);
		// any of several outputs
		assertThat(score(Metric.REGEX, anchored, "c++", "java", "C++")).isEqualTo(1.0);
		assertThat(score(Metric.REGEX, anchored, "the answer is rust", "java", "C++")).isEqualTo(0.0);
	}

	@Test
	void regexRefusesNestedQuantifiersAndCompileErrors() {
		assertThat(RegexMetric.problem("(a+)+$")).contains("exponential");
		assertThat(RegexMetric.problem("^(\\w+\\s?)*$")).contains("exponential");
		assertThat(RegexMetric.problem("(x{2,})*")).contains("exponential");
		assertThat(RegexMetric.problem("(a[+*])+")).isNull();
		assertThat(RegexMetric.problem("(ab)+c*")).isNull();
		assertThat(RegexMetric.problem("\\(a+\\)+")).isNull();
		assertThat(RegexMetric.problem("(a+){1}")).isNull();
		assertThat(RegexMetric.problem("(unclosed")).startsWith("does not compile");
		assertThat(RegexMetric.problem("x".repeat(RegexMetric.MAX_PATTERN_LENGTH + 1))).startsWith("at most");
	}

	@Test
	void aCatastrophicMatchStopsQuicklyAndScoresZero() {
		String evil = "a".repeat(40) + "!";
		// refused at POST /tasks; should one run anyway, it ends and scores 0
		assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> assertThat(score(Metric.REGEX, regex("(a+)+$", null), evil, "x")).isEqualTo(0.0));
		// a back-reference defeats the JDK's loop memoisation: unguarded, this match
		// takes
		// 24 s at 28 characters and doubles with each more; it passes the nesting check
		String backtracking = "^(a|a)*\\1$";
		assertThat(RegexMetric.problem(backtracking)).isNull();
		assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> assertThat(RegexMetric.find(Pattern.compile(backtracking), evil)).isEmpty());
		assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> assertThat(score(Metric.REGEX, regex(backtracking, null), evil, "x")).isEqualTo(0.0));
		assertThat(score(Metric.REGEX, regex(backtracking, null), "aaaa", "x")).isEqualTo(1.0);
	}

	@Test
	void numericReadsTheFirstNumberOfTheAnswer() {
		assertThat(score(Metric.NUMERIC, MetricOptions.NONE, "It costs 1,234.5 dollars, not 3", "1234.5"))
			.isEqualTo(1.0);
		assertThat(score(Metric.NUMERIC, MetricOptions.NONE, "3 then 1234.5", "1234.5")).isEqualTo(0.0);
		assertThat(score(Metric.NUMERIC, MetricOptions.NONE, "\u22125 degrees", "-5")).isEqualTo(1.0);
		assertThat(score(Metric.NUMERIC, MetricOptions.NONE, "1e3", "1000")).isEqualTo(1.0);
		assertThat(score(Metric.NUMERIC, MetricOptions.NONE, ".5", "0.5")).isEqualTo(1.0);
		assertThat(score(Metric.NUMERIC, MetricOptions.NONE, "no idea", "0")).isEqualTo(0.0);
		assertThat(NumericMetric.firstNumber("x 12,34 y").getAsDouble()).isEqualTo(12.0);
	}

	@Test
	void numericToleranceIsPythonsIsclose() {
		// |3.14 - 3.14159| = 0.00159
		assertThat(score(Metric.NUMERIC, numeric(0.01, null), "3.14", "3.14159")).isEqualTo(1.0);
		assertThat(score(Metric.NUMERIC, numeric(0.001, null), "3.14", "3.14159")).isEqualTo(0.0);
		// rel 0.01 of max(|101|, |100|) = 1.01 >= 1; of 102 = 1.02 < 2
		assertThat(score(Metric.NUMERIC, numeric(null, 0.01), "101", "100")).isEqualTo(1.0);
		assertThat(score(Metric.NUMERIC, numeric(null, 0.01), "102", "100")).isEqualTo(0.0);
		// the default relative tolerance 1e-9 absorbs binary rounding, nothing more
		assertThat(score(Metric.NUMERIC, MetricOptions.NONE, "0.30000000000000004", "0.3")).isEqualTo(1.0);
		assertThat(score(Metric.NUMERIC, MetricOptions.NONE, "0.3000001", "0.3")).isEqualTo(0.0);
	}

	@Test
	void jsonNeedsOneValidValueOptionallyInAFence() {
		assertThat(score(Metric.JSON, MetricOptions.NONE, "{\"a\": 1}", "not json")).isEqualTo(1.0);
		assertThat(score(Metric.JSON, MetricOptions.NONE, "{\"a\": 1} and more", "not json")).isEqualTo(0.0);
		assertThat(score(Metric.JSON, MetricOptions.NONE, "{'a': 1}", "not json")).isEqualTo(0.0);
		String fenced = "Here it is:\n```json\n{\"a\": [1, 2]}\n```\nDone.";
		assertThat(score(Metric.JSON, MetricOptions.NONE, fenced, "{\"a\": [1, 2]}")).isEqualTo(1.0);
		assertThat(score(Metric.JSON, json(null, false), fenced, "{\"a\": [1, 2]}")).isEqualTo(0.0);
	}

	@Test
	void jsonComparesFieldByFieldExactlyOrAsASubset() {
		String expected = "{\"name\": \"Ada\", \"age\": 36, \"tags\": [\"x\", \"y\"]}";
		// key order is free, 36.0 is 36
		assertThat(score(Metric.JSON, MetricOptions.NONE,
				"{\"tags\": [\"x\", \"y\"], \"age\": 36.0, \"name\": \"Ada\"}", expected))
			.isEqualTo(1.0);
		String extra = "{\"name\": \"Ada\", \"age\": 36, \"tags\": [\"x\", \"y\"], \"born\": 1815}";
		assertThat(score(Metric.JSON, MetricOptions.NONE, extra, expected)).isEqualTo(0.0);
		assertThat(score(Metric.JSON, json("subset", null), extra, expected)).isEqualTo(1.0);
		// arrays keep their order; a missing field fails even as a subset
		assertThat(score(Metric.JSON, json("subset", null),
				"{\"name\": \"Ada\", \"age\": 36, \"tags\": [\"y\", \"x\"]}", expected))
			.isEqualTo(0.0);
		assertThat(score(Metric.JSON, json("subset", null), "{\"name\": \"Ada\"}", expected)).isEqualTo(0.0);
		assertThat(score(Metric.JSON, MetricOptions.NONE, "\"36\"", "36")).isEqualTo(0.0);
	}

	@Test
	void choiceReadsTheChosenLabel() {
		MetricOptions labels = choice();
		assertThat(score(Metric.CHOICE, labels, "B", "B")).isEqualTo(1.0);
		assertThat(score(Metric.CHOICE, labels, " (b) ", "B")).isEqualTo(1.0);
		assertThat(score(Metric.CHOICE, labels, "The answer is C.", "C")).isEqualTo(1.0);
		assertThat(score(Metric.CHOICE, labels, "Answer: (D) because ...", "C")).isEqualTo(0.0);
		assertThat(score(Metric.CHOICE, labels, "I pick (A) over (B)", "A")).isEqualTo(1.0);
		assertThat(score(Metric.CHOICE, labels, "B) Paris", "B")).isEqualTo(1.0);
		assertThat(score(Metric.CHOICE, labels, "Paris", "B")).isEqualTo(0.0);
	}

	@Test
	void choiceMapsListedOptionsToTheirLabels() {
		MetricOptions capitals = choice("Paris", "London", "Rome");
		assertThat(score(Metric.CHOICE, capitals, "london.", "B")).isEqualTo(1.0);
		assertThat(score(Metric.CHOICE, capitals, "C", "Rome")).isEqualTo(1.0);
		assertThat(score(Metric.CHOICE, capitals, "I think it is Rome, of course", "C")).isEqualTo(1.0);
		// two options named: no single choice
		assertThat(score(Metric.CHOICE, capitals, "Rome or Paris", "C")).isEqualTo(0.0);
		// D is not among three choices
		assertThat(score(Metric.CHOICE, capitals, "D", "C")).isEqualTo(0.0);
		assertThat(ChoiceMetric.expectedLabel("Madrid", capitals.choices())).isEmpty();
	}

}
