package dev.instructzero.task;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerNormalizerTest {

	@Test
	void replacesAndBetweenWordsBySpace() {
		assertThat(AnswerNormalizer.normalize("salt and pepper")).isEqualTo("salt pepper");
		assertThat(AnswerNormalizer.normalize("android")).isEqualTo("android");
	}

	@Test
	void removesSentenceMarkers() {
		assertThat(AnswerNormalizer.normalize("Sentence 1: cats Sentence 2: dogs")).isEqualTo("cats   dogs");
	}

	@Test
	void stripsBeforeTakingTheFirstLine() {
		// marker removal and strip come before the first-line cut, else this would be
		// empty
		assertThat(AnswerNormalizer.normalize("  Sentence 1:\nyes\nbecause")).isEqualTo("yes");
	}

	@Test
	void keepsOnlyTheFirstLine() {
		assertThat(AnswerNormalizer.normalize("positive\nThe review is glowing")).isEqualTo("positive");
	}

	@Test
	void keepsTheTextBeforeTheFirstPeriod() {
		assertThat(AnswerNormalizer.normalize("Paris. It is the capital")).isEqualTo("paris");
		assertThat(AnswerNormalizer.normalize("3.14")).isEqualTo("3");
	}

	@Test
	void lowercases() {
		assertThat(AnswerNormalizer.normalize("PaRiS")).isEqualTo("paris");
	}

	@Test
	void replacesHyphensBySpacesInsteadOfDeletingThem() {
		assertThat(AnswerNormalizer.normalize("well-known")).isEqualTo("well known");
	}

	@Test
	void deletesAsciiPunctuation() {
		assertThat(AnswerNormalizer.normalize("\"Hello,\" (world)! ok?")).isEqualTo("hello world ok");
		assertThat(AnswerNormalizer.normalize("c++ & c#")).isEqualTo("c  c");
	}

	@Test
	void treatsNullAsEmpty() {
		assertThat(AnswerNormalizer.normalize(null)).isEmpty();
	}

}
