package dev.instructzero.generator;

import dev.instructzero.database.StorableText;

/**
 * A model's reply as an instruction's raw material: what PostgreSQL cannot store goes
 * ({@link StorableText#clean}, the one cleaner of storable text), and so do control
 * characters, which in an instruction would reach the black-box prompt.
 */
final class ReplyText {

	private ReplyText() {
	}

	/**
	 * Carriage returns become line breaks; NUL and lone surrogates
	 * ({@link StorableText#clean}) and every other control character (Unicode category
	 * Cc, C0, DEL and C1) are removed; line breaks and tabs stay.
	 * @param reply may be null ("" then)
	 */
	static String instructionText(String reply) {
		if (reply == null) {
			return "";
		}
		String text = StorableText.clean(reply.replace("\r\n", "\n").replace('\r', '\n'));
		StringBuilder clean = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!Character.isISOControl(c) || c == '\n' || c == '\t') {
				clean.append(c);
			}
		}
		return clean.toString();
	}

}
