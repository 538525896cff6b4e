package dev.instructzero.trial;

import java.util.List;

/**
 * The black box's answer to one example and its score, as an instruction was scored.
 *
 * @param index position of the example in the dev subset or the test examples
 * @param input the example's input
 * @param outputs its acceptable outputs
 * @param answer the black box's raw answer ({@code ""} when empty or refused)
 * @param score the metric's score of the answer, in {@code [0, 1]}
 */
public record ExampleAnswer(int index, String input, List<String> outputs, String answer, double score) {

	public ExampleAnswer {
		outputs = List.copyOf(outputs);
	}

}
