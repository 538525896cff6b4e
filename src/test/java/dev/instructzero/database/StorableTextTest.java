package dev.instructzero.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StorableTextTest {

	@Test
	void acceptsOrdinaryAndSupplementaryText() {
		assertThat(StorableText.problem("héllo wörld \uD83D\uDE00 \t\n")).isNull();
		assertThat(StorableText.problem(null)).isNull();
		String text = "plain \uD83D\uDE00";
		assertThat(StorableText.clean(text)).isSameAs(text);
	}

	@Test
	void namesNulAndUnpairedSurrogatesWithTheirIndex() {
		assertThat(StorableText.problem("ab\u0000c")).contains("U+0000").contains("index 2");
		assertThat(StorableText.problem("x\uD800y")).contains("U+D800").contains("index 1");
		assertThat(StorableText.problem("x\uDC00")).contains("U+DC00");
		assertThat(StorableText.problem("\uD83D\uDE00\uD83D")).contains("index 2");
	}

	@Test
	void cleaningDropsOnlyWhatCannotBeStored() {
		assertThat(StorableText.clean("an\u0000ti\uD800\uD83D\uDE00\uDC00!")).isEqualTo("anti\uD83D\uDE00!");
		assertThat(StorableText.clean("\u0000")).isEmpty();
		assertThat(StorableText.clean(null)).isNull();
	}

	@Test
	void replacingMarksWhatCannotBeStoredAndKeepsTheLength() {
		assertThat(StorableText.replaceUnstorable("an\u0000ti\uD800\uD83D\uDE00\uDC00!"))
			.isEqualTo("an\uFFFDti\uFFFD\uD83D\uDE00\uFFFD!");
		String text = "plain \uD83D\uDE00\u0007";
		assertThat(StorableText.replaceUnstorable(text)).isSameAs(text);
		assertThat(StorableText.replaceUnstorable(null)).isNull();
	}

}
