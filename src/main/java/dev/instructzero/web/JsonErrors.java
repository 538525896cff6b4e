package dev.instructzero.web;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What a failed JSON read says about the request: the path of the bad value and a message
 * a caller can act on. Used by the problem handler and wherever JSON is read outside
 * Spring's message conversion (a study's arms).
 */
public final class JsonErrors {

	private JsonErrors() {
	}

	/**
	 * JSON path of the failing value, e.g. {@code task.examples[2].outputs}; empty when
	 * the failure is not inside a value.
	 */
	public static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	/**
	 * The message for the caller: the unknown field's name, a converter's own message
	 * (e.g. an enum's allowed values), or the first line of Jackson's.
	 */
	public static @Nullable String message(JacksonException ex) {
		if (ex instanceof UnrecognizedPropertyException unknown) {
			return "unknown field '" + unknown.getPropertyName() + "'";
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		if (root instanceof IllegalArgumentException) {
			return root.getMessage();
		}
		String message = ex.getOriginalMessage();
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline) : message;
	}

}
