package dev.instructzero.generator;

/**
 * Turns a soft prompt into an instruction with the open-source model g (InstructZero's
 * generation step).
 */
interface InstructionGenerator {

	/**
	 * Generates one instruction, greedily, so the same request gives the same text.
	 * @param request z and the job's prepared context
	 * @return the instruction read from the reply as the job's {@link PromptStyle}
	 * prescribes ("" when the model produced nothing usable, never invented), and the
	 * reply itself
	 * @throws GenerationFailedException when the model server refuses or stays
	 * unavailable
	 * @throws IllegalArgumentException when z does not fit the job's projection
	 */
	GeneratedInstruction generate(SoftPromptGenerationRequest request);

}
