package dev.instructzero.generator;

import java.util.regex.Pattern;

/**
 * The post-processing of InstructZero's first code, for the {@link PromptStyle#COMPLETION
 * completion} style only (the final, chat code has none): prepend
 * {@code "The instruction was to "}, cut at {@code "Comment:"}, split into sentences and
 * keep the first one that starts with {@code "The instruction was to"}. A continuation
 * with no words returns the empty string rather than the bare prefix.
 */
final class InstructionPostProcessor {

	static final String PREFIX = "The instruction was to";

	// the paper's sentence split: r' *[\.\?!][\'"\)\]]* *'
	private static final Pattern SENTENCE_END = Pattern.compile(" *[.?!]['\")\\]]* *");

	private InstructionPostProcessor() {
	}

	/**
	 * @param continuation the model's text after "The instruction was to", already
	 * cleaned by {@link ReplyText#instructionText}; may be null
	 * @return the instruction, starting with "The instruction was to", or "" when the
	 * model produced nothing usable
	 */
	static String process(String continuation) {
		if (continuation == null) {
			return "";
		}
		String text = PREFIX + " " + continuation.strip();
		int comment = text.indexOf("Comment:");
		if (comment >= 0) {
			text = text.substring(0, comment);
		}
		String chosen = text;
		for (String sentence : SENTENCE_END.split(text)) {
			if (sentence.startsWith(PREFIX)) {
				chosen = sentence;
				break;
			}
		}
		chosen = chosen.strip();
		return (chosen.length() <= PREFIX.length()) ? "" : chosen;
	}

}
