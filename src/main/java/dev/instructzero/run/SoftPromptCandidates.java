package dev.instructzero.run;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.instructzero.generator.GeneratedInstruction;

/**
 * A candidate source whose candidates are soft prompts: each z becomes an instruction
 * through the job's {@link SoftPromptWriter}, whatever its ordinal.
 */
interface SoftPromptCandidates extends CandidateSource {

	/** The writer that turns this source's points into instructions. */
	SoftPromptWriter writer();

	@Override
	default GeneratedInstruction instruction(int ordinal, double @Nullable [] z) {
		return writer().generate(Objects.requireNonNull(z, "a soft-prompt source proposes every point"));
	}

	@Override
	default long payloadBytes() {
		return writer().payloadBytes();
	}

	@Override
	default @Nullable String generatorModel() {
		return writer().generatorModel();
	}

}
