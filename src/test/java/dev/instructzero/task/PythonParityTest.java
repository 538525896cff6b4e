package dev.instructzero.task;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark metrics cut text like the reference's Python. Expected values are what
 * CPython 3.12 prints for the same strings ({@code "\xa0Paris\u202f".strip()},
 * {@code "a\x1cb".split()}, ...), worked out by hand from {@code str.isspace}.
 */
class PythonParityTest {

	@Test
	void stripRemovesNoBreakAndOtherUnicodeSpacesLikePython() {
		// Java's String.strip() keeps U+00A0, U+202F and U+0085; Python's str.strip()
		// does
		// not
		assertThat("\u00a0Paris\u202f".strip()).isNotEqualTo("Paris");
		assertThat(PythonText.strip("\u00a0Paris\u202f")).isEqualTo("Paris");
		assertThat(PythonText.strip("\u0085\u3000\u2007x\u205f\u1680")).isEqualTo("x");
		// zero-width space is not whitespace in Python either
		assertThat(PythonText.strip("\u200bx")).isEqualTo("\u200bx");
		assertThat(AnswerNormalizer.normalize("\u00a0Paris\u00a0")).isEqualTo("paris");
		assertThat(MetricScorer.score(Metric.EXACT_MATCH, "\u00a0Paris\u202f", List.of("Paris"))).isEqualTo(1.0);
	}

	@Test
	void splitTreatsAsciiSeparatorsAndNoBreakSpaceAsWhitespace() {
		// "a\x1cb\x1dc\x1ed\x1fe".split() == ['a', 'b', 'c', 'd', 'e']
		assertThat(PythonText.split("a\u001cb\u001dc\u001ed\u001fe")).containsExactly("a", "b", "c", "d", "e");
		// " new\xa0york ".split() == ['new', 'york']
		assertThat(PythonText.split(" new\u00a0york ")).containsExactly("new", "york");
		assertThat(PythonText.split("  ")).isEmpty();
		assertThat(MetricScorer.score(Metric.F1, "new\u00a0york", List.of("New York"))).isEqualTo(1.0);
		assertThat(MetricScorer.score(Metric.EXACT_SET, "b\u001fa", List.of("a b"))).isEqualTo(1.0);
		// one shared token of two each side: precision = recall = 1/2
		assertThat(MetricScorer.score(Metric.F1, "new\u001ejersey", List.of("new york"))).isEqualTo(0.5);
	}

	@Test
	void containsKeepsCombiningAccentsInsideTheWord() {
		// "café" written as e + U+0301: the accent belongs to the word, so "cafe" is not
		// a
		// whole word of it
		String decomposed = "un cafe\u0301 noir";
		assertThat(MetricScorer.score(Metric.CONTAINS, decomposed, List.of("cafe"))).isEqualTo(0.0);
		assertThat(MetricScorer.score(Metric.CONTAINS, decomposed, List.of("cafe\u0301"))).isEqualTo(1.0);
		assertThat(MetricScorer.score(Metric.CONTAINS, "un café noir", List.of("café"))).isEqualTo(1.0);
		assertThat(MetricScorer.score(Metric.CONTAINS, "naïveté", List.of("na"))).isEqualTo(0.0);
		// digits and underscores are word characters, as in Python's re
		assertThat(MetricScorer.score(Metric.CONTAINS, "x2 y", List.of("x"))).isEqualTo(0.0);
		assertThat(MetricScorer.containsWords("a_b c", "a")).isFalse();
	}

	@Test
	void anAnswerThatNormalisesToNothingScoresZeroUnderEveryBenchmarkMetric() {
		for (Metric metric : List.of(Metric.EXACT_MATCH, Metric.F1, Metric.EXACT_SET, Metric.CONTAINS)) {
			// "." and "" alike: before, "." matched an acceptable "" while "" did not
			assertThat(MetricScorer.score(metric, ".", List.of("", "x"))).as(metric.wireName()).isEqualTo(0.0);
			assertThat(MetricScorer.score(metric, "", List.of("", "x"))).as(metric.wireName()).isEqualTo(0.0);
			assertThat(MetricScorer.score(metric, "\u00a0", List.of("x"))).as(metric.wireName()).isEqualTo(0.0);
			assertThat(MetricScorer.score(metric, "x.", List.of("", "x"))).as(metric.wireName()).isEqualTo(1.0);
		}
	}

}
