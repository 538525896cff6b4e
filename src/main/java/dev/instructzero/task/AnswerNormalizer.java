package dev.instructzero.task;

import java.util.Locale;

/**
 * The answer normalisation of the instruction-induction benchmark, applied to predictions
 * and targets alike before any metric compares them. The steps run in the benchmark's
 * order: replace {@code " and "} by a space; replace {@code "Sentence 1:"} and
 * {@code "Sentence 2:"} by a space; strip; keep the first line; keep the text before the
 * first {@code "."}; lowercase; replace {@code "-"} by a space; delete ASCII punctuation.
 * No trailing strip follows, exactly as in the benchmark. Stripping is Python's
 * {@code str.strip()} (no-break and other Unicode spaces too, see {@link PythonText}).
 * {@code null} is treated as the empty string.
 */
final class AnswerNormalizer {

	// Python's string.punctuation
	private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

	private AnswerNormalizer() {
	}

	/** Normalises one prediction or target. */
	public static String normalize(String text) {
		String s = (text != null) ? text : "";
		s = s.replace(" and ", " ");
		s = s.replace("Sentence 1:", " ").replace("Sentence 2:", " ");
		s = PythonText.strip(s);
		int newline = s.indexOf('\n');
		if (newline >= 0) {
			s = s.substring(0, newline);
		}
		int dot = s.indexOf('.');
		if (dot >= 0) {
			s = s.substring(0, dot);
		}
		s = s.toLowerCase(Locale.ROOT);
		s = s.replace('-', ' ');
		StringBuilder kept = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (ASCII_PUNCTUATION.indexOf(c) < 0) {
				kept.append(c);
			}
		}
		return kept.toString();
	}

}
