package dev.instructzero.generator;

import java.util.Objects;

/**
 * One input/output demonstration shown to the generating model.
 *
 * @param input the task input, as text
 * @param output the expected output, as text
 */
public record Exemplar(String input, String output) {

	/**
	 * @throws NullPointerException when input or output is null
	 */
	public Exemplar {
		Objects.requireNonNull(input, "input");
		Objects.requireNonNull(output, "output");
	}

}
