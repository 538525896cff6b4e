package dev.instructzero.trial;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A trial as the API shows it.
 *
 * @param instruction the instruction read from the generator's reply ("" when the
 * generation failed)
 * @param rawReply the generator's reply as received (NUL and lone surrogates shown as
 * U+FFFD), null for trials recorded before replies were kept
 * @param generationFailed the reply held no usable instruction: no black-box call was
 * made, every dev example counts 0, and the trial is never the best
 * @param instructionTokens tokens the instruction adds to every call (estimate, see
 * {@link InstructionLength})
 * @param generatorModel the configured generator that wrote it (null for APE)
 * @param stage dev examples the instruction was scored on (the first {@code stage} of the
 * job's dev subset; exampleScores has that many values and devScore is their mean)
 * @param stoppedEarly racing stopped the instruction before the whole dev subset: it
 * could not reasonably beat the job's best, and it is never the best
 */
public record TrialResponse(int ordinal, int iteration, TrialOrigin origin, String instruction, String rawReply,
		boolean generationFailed, double devScore, double[] exampleScores, @Nullable Double testScore,
		double @Nullable [] softPrompt, boolean duplicate, Tokens tokens, @Nullable Long generationMs,
		@Nullable Long evaluationMs, Instant createdAt, int instructionTokens, @Nullable String generatorModel,
		int stage, boolean stoppedEarly) {

	/** Black-box tokens this trial paid for (0 for cache hits and duplicates). */
	public record Tokens(long in, long out) {
	}

	static TrialResponse of(Trial trial) {
		return new TrialResponse(trial.ordinal(), trial.iteration(), trial.origin(), trial.instruction(),
				trial.rawReply(), trial.generationFailed(), trial.devScore(), trial.exampleScores(), trial.testScore(),
				trial.softPrompt(), trial.duplicate(), new Tokens(trial.tokensIn(), trial.tokensOut()),
				trial.generationMs(), trial.evaluationMs(), trial.createdAt(), trial.instructionTokens(),
				trial.generatorModel(), trial.stage(), trial.stoppedEarly());
	}

}
