package dev.instructzero.evaluator;

import dev.instructzero.task.PromptTemplate;

/**
 * The zero-shot prompt the black-box model answers, APE's template as in the paper:
 * {@code Instruction: [PROMPT]\n\nInput: [INPUT]\nOutput:}, sent as one user message, the
 * same for dev and test examples. The texts are inserted verbatim.
 */
final class BlackBoxPrompt {

	private BlackBoxPrompt() {
	}

	/** The prompt for {@code instruction} on {@code input}. */
	public static String render(String instruction, String input) {
		return PromptTemplate.APE.render(instruction, input).get(0).content();
	}

}
