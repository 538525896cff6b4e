package dev.instructzero.trial;

import java.time.Instant;

/** A trial as the API shows it. */
public record TrialResponse(int ordinal, int iteration, TrialOrigin origin, String instruction, double devScore,
		double[] exampleScores, Double testScore, double[] softPrompt, boolean duplicate, Tokens tokens,
		Long generationMs, Long evaluationMs, Instant createdAt) {

	/** Black-box tokens this trial paid for (0 for cache hits and duplicates). */
	public record Tokens(long in, long out) {
	}

	static TrialResponse of(Trial trial) {
		return new TrialResponse(trial.ordinal(), trial.iteration(), trial.origin(), trial.instruction(),
				trial.devScore(), trial.exampleScores(), trial.testScore(), trial.softPrompt(), trial.duplicate(),
				new Tokens(trial.tokensIn(), trial.tokensOut()), trial.generationMs(), trial.evaluationMs(),
				trial.createdAt());
	}

}
