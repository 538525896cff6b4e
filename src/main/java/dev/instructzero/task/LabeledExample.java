package dev.instructzero.task;

import java.util.List;

/**
 * One task example as the evaluator sees it: an input and its acceptable outputs (at
 * least one; several mean any of them is right).
 *
 * @param input the text put after {@code Input:} in the prompt
 * @param outputs the acceptable answers, not empty
 */
public record LabeledExample(String input, List<String> outputs) {

	public LabeledExample {
		if (input == null) {
			throw new IllegalArgumentException("an example needs an input");
		}
		if (outputs == null || outputs.isEmpty()) {
			throw new IllegalArgumentException("an example needs at least one acceptable output");
		}
		outputs = List.copyOf(outputs);
	}

	/** An example with a single acceptable output. */
	public static LabeledExample of(String input, String output) {
		return new LabeledExample(input, List.of(output));
	}

}
