package dev.instructzero.generator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the generator g is asked for an instruction: the text after the soft prompt, the
 * number of new tokens and how the reply becomes an instruction. The reference code of
 * InstructZero went through two versions; both are offered, the final one by default.
 */
public enum PromptStyle {

	/**
	 * The reference's final configuration (the one whose defaults were set "to match the
	 * paper"): Vicuna's chat template ending in {@code "The instruction was to?"} and
	 * {@code " ASSISTANT:"}, 128 new tokens, 10 exemplars; the assistant's reply is the
	 * instruction, with a leading restatement or courtesy preamble removed
	 * ({@link ChatReplyInstruction}).
	 */
	CHAT("chat", 10, 128),

	/**
	 * The reference's first configuration: plain text ending in
	 * {@code "The instruction was to"}, 64 new tokens, 5 exemplars, and its
	 * post-processing ({@link InstructionPostProcessor}: prefix, cut at "Comment:", first
	 * sentence).
	 */
	COMPLETION("completion", 5, 64);

	private final String wireName;

	private final int defaultExemplars;

	private final int defaultMaxTokens;

	PromptStyle(String wireName, int defaultExemplars, int defaultMaxTokens) {
		this.wireName = wireName;
		this.defaultExemplars = defaultExemplars;
		this.defaultMaxTokens = defaultMaxTokens;
	}

	/** The name in the API and in configuration ({@code chat}, {@code completion}). */
	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/** Exemplars k the reference showed with this style (10 chat, 5 completion). */
	public int defaultExemplars() {
		return this.defaultExemplars;
	}

	/** New tokens the reference generated with this style (128 chat, 64 completion). */
	public int defaultMaxTokens() {
		return this.defaultMaxTokens;
	}

	/**
	 * The instruction in a reply of the model, cleaned by
	 * {@link ReplyText#instructionText}; "" when nothing usable is left.
	 * @param reply the model's reply, may be null
	 */
	String instructionOf(String reply) {
		String text = ReplyText.instructionText(reply);
		return switch (this) {
			case CHAT -> ChatReplyInstruction.extract(text);
			case COMPLETION -> InstructionPostProcessor.process(text);
		};
	}

	/**
	 * @param name {@code chat} or {@code completion}
	 * @throws IllegalArgumentException for any other name
	 */
	@JsonCreator
	public static PromptStyle fromWireName(String name) {
		for (PromptStyle style : values()) {
			if (style.wireName.equals(name)) {
				return style;
			}
		}
		throw new IllegalArgumentException("unknown prompt style '" + name + "' (expected chat or completion)");
	}

}
