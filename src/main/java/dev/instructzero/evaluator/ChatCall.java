package dev.instructzero.evaluator;

import java.util.List;

import dev.instructzero.task.PromptTemplate;

/**
 * One chat completion request to the black box.
 *
 * @param model model name
 * @param messages the rendered messages with their roles, in order
 * @param temperature sampling temperature, {@code null} to omit it
 * @param maxTokens completion token limit
 * @param maxCompletionTokens send the limit as {@code max_completion_tokens}
 */
record ChatCall(String model, List<PromptTemplate.Message> messages, Double temperature, int maxTokens,
		boolean maxCompletionTokens) {
}
