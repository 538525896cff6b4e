package dev.instructzero.generator;

import java.util.List;

/**
 * InstructZero's generator g as a job sees it: prepared once per job, then one
 * instruction per soft prompt z. Implemented by the vLLM generator
 * ({@link SoftPromptInstructionGenerator}) and by the sandbox's simulated one.
 */
public interface SoftPromptGenerator {

	/**
	 * Prepares a job; deterministic, so a resumed job can call it again.
	 * @param seed the job's seed
	 * @param softTokens n, soft tokens
	 * @param intrinsicDimension d, dimension of z
	 * @param exemplars the job's exemplars, not empty
	 * @param style the text after the soft prompt and how the reply is read
	 * @return z → instruction for this job
	 * @throws CheckpointException when the generator's model files cannot be read
	 * @throws GenerationFailedException when the generator refuses the job's prompt
	 */
	ForJob forJob(long seed, int softTokens, int intrinsicDimension, List<Exemplar> exemplars, PromptStyle style);

	/**
	 * An upper estimate of one generation request's payload in bytes for these exemplars
	 * (0 when requests are small).
	 * @throws CheckpointException when the estimate needs model files that cannot be read
	 */
	long estimatePayloadBytes(int softTokens, PromptStyle style, List<Exemplar> exemplars);

	/** The generator prepared for one job. Thread-safe. */
	interface ForJob {

		/**
		 * One instruction for z, the same for the same z.
		 * @throws IllegalArgumentException when z's length is not the job's d
		 * @throws GenerationFailedException when the model server refuses or stays
		 * unavailable
		 */
		GeneratedInstruction generate(double[] z);

		/** Bytes of one generation request's payload; 0 if small. */
		long payloadBytes();

	}

}
