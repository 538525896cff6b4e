package dev.instructzero.trial;

import java.nio.charset.StandardCharsets;

/**
 * The length of an instruction in black-box tokens: the tokens it adds to every future
 * call that uses it. Estimated, not counted: the black box reports only whole-prompt
 * usage, and the service has no tokenizer of every model. The estimate is OpenAI's
 * documented rule of thumb, one token per about 4 characters of English text, taken on
 * UTF-8 bytes so that non-Latin text (several bytes a character, often a token or more a
 * character) is not undercounted: {@code ceil(utf8Bytes / 4)}. Migration V11 backfilled
 * older trials with the same formula, so every trial compares on one scale.
 */
public final class InstructionLength {

	/** UTF-8 bytes per token of the estimate. */
	public static final int BYTES_PER_TOKEN = 4;

	private InstructionLength() {
	}

	/** Estimated tokens of {@code instruction}; 0 for an empty one. */
	public static int tokens(String instruction) {
		if (instruction == null) {
			return 0;
		}
		return Math.ceilDiv(instruction.getBytes(StandardCharsets.UTF_8).length, BYTES_PER_TOKEN);
	}

}
