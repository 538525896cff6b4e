package dev.instructzero.trial;

import org.jspecify.annotations.Nullable;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The black box's answer to one example and its score, as an instruction was scored.
 *
 * @param index position of the example in the dev subset or the test examples
 * @param input the example's input
 * @param outputs its acceptable outputs
 * @param answer the black box's raw answer ({@code ""} when empty or refused)
 * @param score the metric's score of the answer, in {@code [0, 1]}
 * @param verdict the judge's reply ({@code llm_judge}), else {@code null}
 */
public record ExampleAnswer(int index, String input, List<String> outputs, String answer, double score,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String verdict) {

	public ExampleAnswer {
		outputs = List.copyOf(outputs);
	}

}
