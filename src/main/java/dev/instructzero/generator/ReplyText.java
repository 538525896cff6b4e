package dev.instructzero.generator;

/**
 * Makes a model's reply safe to use and to store: PostgreSQL {@code text} rejects U+0000
 * and a lone UTF-16 surrogate cannot be encoded as UTF-8, and control characters in an
 * instruction would reach the black-box prompt.
 */
final class ReplyText {

	/** Shown in a stored reply where a character had to go. */
	static final char REPLACEMENT = '\uFFFD';

	private ReplyText() {
	}

	/**
	 * The reply as an instruction's raw material: carriage returns become line breaks;
	 * NUL, lone surrogates and every other control character (Unicode category Cc, C0,
	 * DEL and C1) are removed; line breaks and tabs stay.
	 * @param reply may be null ("" then)
	 */
	static String instructionText(String reply) {
		if (reply == null) {
			return "";
		}
		String text = reply.replace("\r\n", "\n").replace('\r', '\n');
		StringBuilder clean = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (isLoneSurrogate(text, i)) {
				continue;
			}
			if (Character.isISOControl(c) && c != '\n' && c != '\t') {
				continue;
			}
			clean.append(c);
		}
		return clean.toString();
	}

	/**
	 * The reply as stored next to the instruction: unchanged except that NUL and lone
	 * surrogates become U+FFFD.
	 * @param reply may be null ("" then)
	 */
	static String storable(String reply) {
		if (reply == null) {
			return "";
		}
		StringBuilder stored = new StringBuilder(reply.length());
		for (int i = 0; i < reply.length(); i++) {
			char c = reply.charAt(i);
			stored.append((c == '\u0000' || isLoneSurrogate(reply, i)) ? REPLACEMENT : c);
		}
		return stored.toString();
	}

	/**
	 * A high surrogate not followed by a low one, or a low one not preceded by a high
	 * one.
	 */
	private static boolean isLoneSurrogate(String text, int i) {
		char c = text.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
		}
		if (Character.isLowSurrogate(c)) {
			return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
		}
		return false;
	}

}
