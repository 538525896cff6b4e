package dev.instructzero.generator;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyTextTest {

	@Test
	void removesNulControlCharactersAndLoneSurrogatesFromTheInstruction() {
		assertThat(ReplyText.instructionText("a\u0000b\u0007c\u001Bd\u007Fe\u0085f")).isEqualTo("abcdef");
		assertThat(ReplyText.instructionText("line\r\nnext\rlast\tend")).isEqualTo("line\nnext\nlast\tend");
		assertThat(ReplyText.instructionText("x\uD800y\uDC00z \uD83D\uDE00")).isEqualTo("xyz \uD83D\uDE00");
		assertThat(ReplyText.instructionText(null)).isEmpty();
	}

	@Test
	void theRawReplyMarksWhatStorageCannotHoldAndKeepsTheRest() {
		assertThat(
				GeneratedInstruction.fromReply(PromptStyle.CHAT, "a\u0000b\u0007\uD800 \uD83D\uDE00\uDC00").rawReply())
			.isEqualTo("a\uFFFDb\u0007\uFFFD \uD83D\uDE00\uFFFD");
		assertThat(GeneratedInstruction.fromReply(PromptStyle.CHAT, null).rawReply()).isEmpty();
	}

	@Test
	void anyReplyBecomesTextPostgresAccepts() {
		// random UTF-16 strings biased towards the troublesome ranges: C0, C1, surrogates
		SplittableRandom random = new SplittableRandom(3);
		for (int n = 0; n < 2000; n++) {
			StringBuilder reply = new StringBuilder();
			for (int i = random.nextInt(12); i > 0; i--) {
				reply.append((char) switch (random.nextInt(4)) {
					case 0 -> random.nextInt(0x20);
					case 1 -> 0x7F + random.nextInt(0x21);
					case 2 -> 0xD800 + random.nextInt(0x800);
					default -> 0x20 + random.nextInt(0x60);
				});
			}
			String instruction = ReplyText.instructionText(reply.toString());
			String stored = GeneratedInstruction.fromReply(PromptStyle.COMPLETION, reply.toString()).rawReply();
			for (String text : new String[] { instruction, stored }) {
				assertThat(text).doesNotContain("\u0000");
				assertThat(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
					.asString(java.nio.charset.StandardCharsets.UTF_8)
					.isEqualTo(text);
			}
			assertThat(instruction.chars().filter((c) -> Character.isISOControl(c) && c != '\n' && c != '\t'))
				.isEmpty();
			assertThat(stored).hasSameSizeAs(reply);
		}
	}

}
