package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import dev.instructzero.generator.GeneratedInstruction;

/**
 * Soft prompt z → instruction, for one job (the generator prepared with its exemplars).
 */
public interface SoftPromptWriter {

	GeneratedInstruction generate(double[] z);

	/** Bytes of one generation request's payload ({@code prompt_embeds}); 0 if small. */
	default long payloadBytes() {
		return 0;
	}

	/** The configured generator's name. */
	default @Nullable String generatorModel() {
		return null;
	}

}
