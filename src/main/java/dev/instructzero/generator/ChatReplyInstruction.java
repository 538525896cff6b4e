package dev.instructzero.generator;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instruction in a chat model's answer to "The instruction was to?". The reference's
 * final code takes the reply as it is; a chat model, though, often restates the question
 * ("The instruction was to reverse the word.") or opens with a courtesy ("Sure! ...").
 * Those openings are removed, repeatedly, from the start of the reply only; the rest is
 * kept whole (never cut mid-sentence), with a wholly quoted answer unquoted and its first
 * letter capitalised, so "The instruction was to reverse the word." and "Reverse the
 * word." give the same instruction.
 */
final class ChatReplyInstruction {

	// "Sure!", "Certainly.", "Of course,", "Okay:"; punctuation required, so "Sure-fire"
	// stays
	private static final Pattern COURTESY = Pattern.compile(
			"^(?:sure(?: thing)?|certainly|of course|okay|ok|absolutely|yes|great)\\s*[!.,:;]+\\s*",
			Pattern.CASE_INSENSITIVE);

	// "Here is the instruction:", "Here's my guess for the instruction:", "Based on the
	// examples, "
	private static final Pattern LEAD_IN = Pattern.compile(
			"^(?:here(?:'s|\u2019s| is) (?:the|an|my)\\b[^:\\n]{0,40}?\\binstruction\\s*[:.]?"
					+ "|based on (?:the|these|those) [^,\\n]{1,60},(?:\\s*it seems(?: that)?)?)\\s*",
			Pattern.CASE_INSENSITIVE);

	// "The instruction was to", "The instruction is:", "Instruction:", "The instruction
	// was
	// to?"
	private static final Pattern RESTATEMENT = Pattern
		.compile("^(?:the\\s+)?instruction(?::|\\s+(?:was|is|would be|might be|could be|seems to be|appears to be)\\b"
				+ "(?:\\s+to\\b)?\\s*[:?]?)\\s*(?:to\\s+)?", Pattern.CASE_INSENSITIVE);

	private static final List<Pattern> OPENINGS = List.of(COURTESY, LEAD_IN, RESTATEMENT);

	// the whole answer in one pair of quotes, maybe followed by a full stop
	private static final Pattern QUOTED = Pattern.compile("^([\"\u201C'])([^\"\u201C\u201D]+)([\"\u201D'])(\\.?)$");

	private ChatReplyInstruction() {
	}

	/**
	 * @param reply the reply, already cleaned by {@link ReplyText#instructionText}; may
	 * be null
	 * @return the instruction, or "" when nothing is left after the openings
	 */
	static String extract(String reply) {
		if (reply == null) {
			return "";
		}
		String text = reply.strip();
		boolean removed = true;
		// each pass removes at least one character, so this ends
		while (removed && !text.isEmpty()) {
			removed = false;
			for (Pattern opening : OPENINGS) {
				Matcher m = opening.matcher(text);
				if (m.find() && m.end() > 0) {
					text = text.substring(m.end()).strip();
					removed = true;
				}
			}
		}
		Matcher quoted = QUOTED.matcher(text);
		if (quoted.matches() && closes(quoted.group(1), quoted.group(3))) {
			text = (quoted.group(2) + quoted.group(4)).strip();
		}
		if (text.isEmpty()) {
			return "";
		}
		int first = text.codePointAt(0);
		return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
			.append(text, Character.charCount(first), text.length())
			.toString();
	}

	private static boolean closes(String open, String close) {
		return switch (open) {
			case "\u201C" -> close.equals("\u201D");
			default -> close.equals(open);
		};
	}

}
