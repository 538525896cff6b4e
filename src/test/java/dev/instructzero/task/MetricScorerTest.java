package dev.instructzero.task;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class MetricScorerTest {

	@Test
	void exactMatchComparesNormalisedStrings() {
		assertThat(MetricScorer.score(Metric.EXACT_MATCH, "Paris.", List.of("paris"))).isEqualTo(1.0);
		assertThat(MetricScorer.score(Metric.EXACT_MATCH, "The answer is Paris", List.of("Paris"))).isEqualTo(0.0);
	}

	@Test
	void exactMatchAcceptsAnyOfSeveralAnswers() {
		assertThat(MetricScorer.score(Metric.EXACT_MATCH, "NYC", List.of("New York", "NYC"))).isEqualTo(1.0);
		assertThat(MetricScorer.score(Metric.EXACT_MATCH, "LA", List.of("New York", "NYC"))).isEqualTo(0.0);
	}

	@Test
	void f1IsTokenMultisetOverlap() {
		// precision 2/3, recall 1
		assertThat(MetricScorer.score(Metric.F1, "the cat sat", List.of("the cat"))).isCloseTo(0.8, within(1e-12));
		// a repeated token counts once per occurrence in the answer: precision 1/3,
		// recall 1/2
		assertThat(MetricScorer.score(Metric.F1, "the the the", List.of("the cat"))).isCloseTo(0.4, within(1e-12));
		assertThat(MetricScorer.score(Metric.F1, "dog", List.of("the cat"))).isEqualTo(0.0);
	}

	@Test
	void f1TakesTheBestOfSeveralAnswers() {
		assertThat(MetricScorer.score(Metric.F1, "the cat sat", List.of("dog", "the cat", "cat"))).isCloseTo(0.8,
				within(1e-12));
	}

	@Test
	void exactSetComparesTokenSets() {
		assertThat(MetricScorer.score(Metric.EXACT_SET, "b a", List.of("a b"))).isEqualTo(1.0);
		assertThat(MetricScorer.score(Metric.EXACT_SET, "a b b", List.of("a, b"))).isEqualTo(1.0);
		assertThat(MetricScorer.score(Metric.EXACT_SET, "a", List.of("a b"))).isEqualTo(0.0);
		assertThat(MetricScorer.score(Metric.EXACT_SET, "a", List.of("a b", "a"))).isEqualTo(1.0);
	}

	@Test
	void containsNeedsWholeWords() {
		assertThat(MetricScorer.score(Metric.CONTAINS, "The cat sat", List.of("cat"))).isEqualTo(1.0);
		assertThat(MetricScorer.score(Metric.CONTAINS, "a catalog", List.of("cat"))).isEqualTo(0.0);
		assertThat(MetricScorer.score(Metric.CONTAINS, "I live in New York now", List.of("new york"))).isEqualTo(1.0);
	}

	@Test
	void containsTreatsRegexMetacharactersLiterally() {
		assertThat(MetricScorer.score(Metric.CONTAINS, "I write C++ daily", List.of("c++"))).isEqualTo(1.0);
		// unescaped, "c++" is a possessive quantifier and would match "cc"
		assertThat(MetricScorer.score(Metric.CONTAINS, "cc", List.of("c++"))).isEqualTo(0.0);
		// unescaped, "a.b" would match "axb"
		assertThat(MetricScorer.score(Metric.CONTAINS, "axb", List.of("a.b"))).isEqualTo(0.0);
		assertThat(MetricScorer.score(Metric.CONTAINS, "it is a", List.of("a.b"))).isEqualTo(1.0);
		assertThat(MetricScorer.score(Metric.CONTAINS, "x (y) z", List.of("(y"))).isEqualTo(1.0);
	}

	@Test
	void containsUsesUnicodeWordBoundaries() {
		assertThat(MetricScorer.score(Metric.CONTAINS, "un café noir", List.of("café"))).isEqualTo(1.0);
		assertThat(MetricScorer.score(Metric.CONTAINS, "des cafés", List.of("café"))).isEqualTo(0.0);
	}

	@Test
	void containsAcceptsAnyOfSeveralAnswers() {
		assertThat(MetricScorer.score(Metric.CONTAINS, "it is big", List.of("large", "big"))).isEqualTo(1.0);
	}

	@Test
	void blankPredictionScoresZeroEvenAgainstAnAnswerThatNormalisesToNothing() {
		for (Metric metric : Metric.values()) {
			assertThat(MetricScorer.score(metric, "", List.of("..."))).isEqualTo(0.0);
			assertThat(MetricScorer.score(metric, null, List.of("x"))).isEqualTo(0.0);
		}
	}

	@Test
	void rejectsExamplesWithoutAnswers() {
		assertThatIllegalArgumentException().isThrownBy(() -> MetricScorer.score(Metric.F1, "x", List.of()));
	}

}
