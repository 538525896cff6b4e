package dev.instructzero.web;

import org.jspecify.annotations.Nullable;

/**
 * One bad field of a request, as listed in a problem's {@code errors}.
 *
 * @param field the JSON path of the field, e.g. {@code examples[3].output}
 * @param message what is wrong with it
 */
public record FieldViolation(String field, @Nullable String message) {
}
