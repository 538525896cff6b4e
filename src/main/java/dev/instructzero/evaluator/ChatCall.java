package dev.instructzero.evaluator;

/**
 * One chat completion request to the black box.
 *
 * @param model model name
 * @param prompt the single user message
 * @param temperature sampling temperature, {@code null} to omit it
 * @param maxTokens completion token limit
 * @param maxCompletionTokens send the limit as {@code max_completion_tokens}
 */
record ChatCall(String model, String prompt, Double temperature, int maxTokens, boolean maxCompletionTokens) {
}
