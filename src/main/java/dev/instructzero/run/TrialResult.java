package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

import dev.instructzero.trial.TrialOrigin;

/**
 * One candidate of a run as the engine sees it: its soft prompt, its instruction and the
 * scores that instruction earned on the dev subset. The engine's own value, apart from
 * how the job module stores trials.
 *
 * @param softPrompt the point z in [-1, 1]^d, or null for a text-only strategy (APE)
 * @param instruction the normalised instruction; empty when the generation failed
 * @param rawReply the generator's reply the instruction was read from, or null
 * @param exampleScores per-example metric on the dev subset, in the subset's order: its
 * first {@code exampleScores.length} examples when racing stopped the instruction early
 * @param duplicate the instruction was scored before in this job: no black-box call
 * @param testScore the score on the test examples, once the run scored it
 */
public record TrialResult(int ordinal, int iteration, TrialOrigin origin, double @Nullable [] softPrompt,
		String instruction, String rawReply, boolean generationFailed, double devScore, double[] exampleScores,
		boolean duplicate, boolean stoppedEarly, long tokensIn, long tokensOut, @Nullable Long generationMs,
		@Nullable Long evaluationMs, Instant createdAt, @Nullable String generatorModel, @Nullable Double testScore) {

	/**
	 * Dev examples this trial's instruction was scored on: the first {@code stage} of the
	 * dev subset (all of it unless {@link #stoppedEarly()}).
	 */
	public int stage() {
		return this.exampleScores.length;
	}

	/**
	 * A generation whose reply held no usable instruction: no black-box call, and every
	 * dev example scores 0, the floor of every metric, so the Gaussian process learns
	 * that this region of z yields nothing.
	 */
	static TrialResult failedGeneration(int ordinal, int iteration, TrialOrigin origin, double @Nullable [] softPrompt,
			String rawReply, int devExamples, long generationMs, Instant createdAt, @Nullable String generatorModel) {
		return new TrialResult(ordinal, iteration, origin, softPrompt, "", rawReply, true, 0.0, new double[devExamples],
				false, false, 0, 0, generationMs, null, createdAt, generatorModel, null);
	}

}
