package dev.instructzero.generator;

import java.util.Objects;

import dev.instructzero.database.StorableText;

/**
 * One generation's result: the instruction extracted from the model's reply, and the
 * reply itself, so a user can see what the extraction did.
 *
 * @param instruction the instruction, free of control characters (line breaks and tabs
 * aside), NUL and lone surrogates; "" when the model produced nothing usable (never
 * invented)
 * @param rawReply the model's reply as received, except that NUL and lone surrogates
 * (which PostgreSQL text cannot hold) are replaced by U+FFFD, so the replacement stays
 * visible; "" when the model returned no text
 */
public record GeneratedInstruction(String instruction, String rawReply) {

	/**
	 * @throws NullPointerException when instruction or rawReply is null
	 */
	public GeneratedInstruction {
		Objects.requireNonNull(instruction, "instruction");
		Objects.requireNonNull(rawReply, "rawReply");
	}

	/** Whether the reply held no usable instruction. */
	public boolean isEmpty() {
		return this.instruction.isBlank();
	}

	/**
	 * The instruction a style extracts from a reply, with the reply made storable.
	 * @param style how the reply is turned into an instruction
	 * @param reply the model's reply, may be null
	 */
	static GeneratedInstruction fromReply(PromptStyle style, String reply) {
		return new GeneratedInstruction(style.instructionOf(reply),
				(reply != null) ? StorableText.replaceUnstorable(reply) : "");
	}

}
