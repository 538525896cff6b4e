package dev.instructzero.task;

import java.util.ArrayList;
import java.util.List;

/**
 * Python 3's {@code str.strip()}, {@code str.split()} and the Unicode word characters of
 * its {@code re} module, so that answers are cut and compared exactly as the
 * instruction-induction benchmark's Python code cuts them. Java's own {@code strip()}
 * keeps the no-break spaces (U+00A0, U+2007, U+202F) and U+0085, and its Unicode
 * {@code \s} misses the ASCII separators U+001C–U+001F: Python treats all of them as
 * whitespace.
 */
final class PythonText {

	private PythonText() {
	}

	/**
	 * Python's {@code str.isspace()} for one code point: Unicode category Zs, or
	 * bidirectional class WS, B or S (CPython's {@code _PyUnicode_IsWhitespace}).
	 */
	static boolean isSpace(int cp) {
		return switch (cp) {
			case '\t', '\n', 0x0B, '\f', '\r', 0x1C, 0x1D, 0x1E, 0x1F, ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F,
					0x205F, 0x3000 ->
				true;
			default -> cp >= 0x2000 && cp <= 0x200A;
		};
	}

	/** Python's {@code str.strip()} without arguments. */
	static String strip(String text) {
		int start = 0;
		int end = text.length();
		while (start < end && isSpace(text.charAt(start))) {
			start++;
		}
		while (end > start && isSpace(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(start, end);
	}

	/** Python's {@code str.split()} without arguments: runs of whitespace separate. */
	static List<String> split(String text) {
		List<String> tokens = new ArrayList<>();
		int start = -1;
		for (int i = 0; i < text.length(); i++) {
			if (isSpace(text.charAt(i))) {
				if (start >= 0) {
					tokens.add(text.substring(start, i));
					start = -1;
				}
			}
			else if (start < 0) {
				start = i;
			}
		}
		if (start >= 0) {
			tokens.add(text.substring(start));
		}
		return tokens;
	}

	/**
	 * A word character for {@code \b}: a letter, digit or numeric character or {@code _},
	 * like Python's {@code re}, and also a combining mark (categories Mn, Mc, Me), so
	 * that a decomposed accent ({@code e} + U+0301) belongs to its word. Python would put
	 * a word boundary before the accent; the service deliberately does not, so
	 * {@code café} written with a combining accent does not contain the word
	 * {@code cafe}.
	 */
	static boolean isWordChar(int cp) {
		if (cp == '_' || Character.isLetterOrDigit(cp)) {
			return true;
		}
		int type = Character.getType(cp);
		return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
				|| type == Character.ENCLOSING_MARK || type == Character.LETTER_NUMBER
				|| type == Character.OTHER_NUMBER;
	}

}
