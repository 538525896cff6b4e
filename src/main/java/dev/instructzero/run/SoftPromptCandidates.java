package dev.instructzero.run;

import dev.instructzero.generator.GeneratedInstruction;

/**
 * A candidate source whose candidates are soft prompts: each z becomes an instruction
 * through the job's {@link SoftPromptWriter}, whatever its ordinal.
 */
interface SoftPromptCandidates extends CandidateSource {

	/** The writer that turns this source's points into instructions. */
	SoftPromptWriter writer();

	@Override
	default GeneratedInstruction instruction(int ordinal, double[] z) {
		return writer().generate(z);
	}

	@Override
	default long payloadBytes() {
		return writer().payloadBytes();
	}

	@Override
	default String generatorModel() {
		return writer().generatorModel();
	}

}
