package dev.instructzero.database;

import org.jspecify.annotations.Nullable;

import org.springframework.lang.Contract;

/**
 * What PostgreSQL's {@code text} cannot hold: the NUL character U+0000 (rejected by every
 * server encoding) and UTF-16 surrogates that are not part of a pair (not encodable in
 * UTF-8). The one place that knows it: request text with either is refused
 * ({@link #problem}); model output with either is cleaned before it is stored, because it
 * has been paid for, either dropping the characters ({@link #clean}: black-box answers,
 * instructions) or marking them with U+FFFD ({@link #replaceUnstorable}: a generator's
 * raw reply, so a user sees that something was there).
 */
public final class StorableText {

	/** Shown where {@link #replaceUnstorable} replaced a character. */
	public static final char REPLACEMENT = '\uFFFD';

	private StorableText() {
	}

	/**
	 * Why {@code text} cannot be stored, or {@code null} if it can (or is null).
	 * @param text any string
	 * @return a message naming the first offending character and its index, or null
	 */
	public static @Nullable String problem(@Nullable String text) {
		if (text == null) {
			return null;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\u0000') {
				return "contains the NUL character U+0000 at index " + i + ", which cannot be stored";
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return "contains the unpaired surrogate U+" + Integer.toHexString(c).toUpperCase() + " at index " + i
						+ ", which is not valid Unicode";
			}
		}
		return null;
	}

	/**
	 * {@code text} without NUL characters and unpaired surrogates (every valid character,
	 * including supplementary ones, kept in order).
	 * @param text any string, or null
	 * @return the cleaned string; the same instance when nothing had to go; null for null
	 */
	@Contract("null -> null; !null -> !null")
	public static @Nullable String clean(@Nullable String text) {
		return cleaned(text, null);
	}

	/**
	 * {@code text} with each NUL character and unpaired surrogate replaced by
	 * {@link #REPLACEMENT}, so the length stays and the loss is visible.
	 * @param text any string, or null
	 * @return the cleaned string; the same instance when nothing had to go; null for null
	 */
	@Contract("null -> null; !null -> !null")
	public static @Nullable String replaceUnstorable(@Nullable String text) {
		return cleaned(text, REPLACEMENT);
	}

	private static @Nullable String cleaned(@Nullable String text, @Nullable Character replacement) {
		if (text == null || problem(text) == null) {
			return text;
		}
		StringBuilder kept = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				kept.append(c).append(text.charAt(++i));
			}
			else if (c != '\u0000' && !Character.isSurrogate(c)) {
				kept.append(c);
			}
			else if (replacement != null) {
				kept.append(replacement.charValue());
			}
		}
		return kept.toString();
	}

}
