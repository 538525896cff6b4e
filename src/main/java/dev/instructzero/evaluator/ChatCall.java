package dev.instructzero.evaluator;

import java.util.List;

import dev.instructzero.task.PromptTemplate;
import org.jspecify.annotations.Nullable;

/**
 * One chat completion request to the black box.
 *
 * @param model model name
 * @param messages the rendered messages with their roles, in order
 * @param temperature sampling temperature, {@code null} to omit it
 * @param maxTokens completion token limit
 * @param maxCompletionTokens send the limit as {@code max_completion_tokens}
 * @param purpose why the call is made
 * @param reference the scored example's acceptable outputs for an
 * {@link CallPurpose#EVALUATION} call, else {@code null}; never sent to a real black box
 * (the sandbox's simulated one answers from them), and not part of the call's cache key
 */
public record ChatCall(String model, List<PromptTemplate.Message> messages, @Nullable Double temperature, int maxTokens,
		boolean maxCompletionTokens, CallPurpose purpose, @Nullable List<String> reference) {
}
