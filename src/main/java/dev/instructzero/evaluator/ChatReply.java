package dev.instructzero.evaluator;

import org.jspecify.annotations.Nullable;

/**
 * The black box's answer to a {@link ChatCall}.
 *
 * @param text the answer, {@code ""} when empty or refused
 * @param finishReason e.g. {@code stop}, {@code length}, {@code content_filter}; may be
 * {@code null}
 * @param tokensIn prompt tokens reported by the server (0 if not reported)
 * @param tokensOut completion tokens reported by the server (0 if not reported)
 */
public record ChatReply(String text, @Nullable String finishReason, int tokensIn, int tokensOut) {
}
