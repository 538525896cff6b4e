package dev.instructzero.sandbox;

import java.util.List;

import dev.instructzero.generator.Exemplar;
import dev.instructzero.generator.GeneratedInstruction;
import dev.instructzero.generator.PromptStyle;
import dev.instructzero.generator.SoftPromptGenerator;

/**
 * The sandbox's generator g: z → one of the {@link SimulatedWorld}'s instructions, laid
 * out by the job's seed; no model, no payload.
 */
final class SimulatedSoftPromptGenerator implements SoftPromptGenerator {

	private final SimulatedWorld world;

	SimulatedSoftPromptGenerator(SimulatedWorld world) {
		this.world = world;
	}

	@Override
	public ForJob forJob(long seed, int softTokens, int intrinsicDimension, List<Exemplar> exemplars,
			PromptStyle style) {
		return new ForJob() {

			@Override
			public GeneratedInstruction generate(double[] z) {
				if (z.length != intrinsicDimension) {
					throw new IllegalArgumentException(
							"z has length " + z.length + " but the job's projection has d=" + intrinsicDimension);
				}
				String instruction = SimulatedSoftPromptGenerator.this.world.instruction(seed, z);
				return new GeneratedInstruction(instruction, instruction);
			}

			@Override
			public long payloadBytes() {
				return 0;
			}

		};
	}

	@Override
	public long estimatePayloadBytes(int softTokens, PromptStyle style, List<Exemplar> exemplars) {
		return 0;
	}

}
