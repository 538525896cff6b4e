package dev.instructzero.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.instructzero.generator.PromptStyle;

/**
 * Tunables of a job; every field is optional in a request and defaults to the paper's
 * value.
 *
 * @param initialTrials scrambled-Sobol soft prompts before the first proposal (25)
 * @param batchSize proposals per Bayesian-optimisation iteration (25)
 * @param iterations Bayesian-optimisation iterations (5)
 * @param exemplars input/output exemplars shown to the generator (the prompt style's: 10
 * for chat, 5 for completion; 5 for ape, whose template announces five inputs)
 * @param devExamples size of the job's fixed dev subset (20)
 * @param softPromptTokens soft tokens n (5)
 * @param intrinsicDim dimension d of the search space (10)
 * @param kernel Gaussian-process kernel (instruction-coupled)
 * @param seed seed of everything random in the job; drawn at random when absent
 * @param promptStyle how the soft-prompt generator is asked and its reply read (chat)
 * @param finalCandidates distinct instructions with the best dev scores that the final
 * selection re-scores before the test run (5)
 * @param finalExamples dev-pool examples outside the fixed dev subset that the final
 * selection scores each candidate on (40; fewer when the dev pool has fewer)
 * @param maxGenerationsPerBatch instructions a Bayesian-optimisation iteration may
 * generate to reach batchSize instructions new to the job (3 × batchSize); a proposal
 * whose instruction was already scored costs a generation but no black-box call and is
 * replaced. At least batchSize; equal to it turns replacement off.
 */
public record JobSettings(@Min(1) @Max(1000) Integer initialTrials, @Min(1) @Max(500) Integer batchSize,
		@Min(0) @Max(100) Integer iterations, @Min(1) @Max(50) Integer exemplars, @Min(1) @Max(500) Integer devExamples,
		@Min(1) @Max(50) Integer softPromptTokens, @Min(1) @Max(100) Integer intrinsicDim, Kernel kernel, Long seed,
		PromptStyle promptStyle, @Min(1) @Max(50) Integer finalCandidates, @Min(0) @Max(500) Integer finalExamples,
		@Min(1) @Max(5000) Integer maxGenerationsPerBatch) {

	/** Largest number of trials a job may plan. */
	public static final int MAX_PLANNED_TRIALS = 10_000;

	/** APE's forward template says "five inputs". */
	private static final int APE_EXEMPLARS = 5;

	/** Default per-batch generation cap, as a multiple of the batch size. */
	static final int GENERATIONS_PER_NEW_INSTRUCTION = 3;

	/**
	 * The paper's settings with the given seed, in the reference's final (chat) style,
	 * and this service's final selection (the paper takes the dev-score leader as it is)
	 * and replacement of duplicate proposals.
	 */
	public static JobSettings defaults(long seed) {
		return new JobSettings(25, 25, 5, PromptStyle.CHAT.defaultExemplars(), 20, 5, 10, Kernel.INSTRUCTION_COUPLED,
				seed, PromptStyle.CHAT, 5, 40, GENERATIONS_PER_NEW_INSTRUCTION * 25);
	}

	/**
	 * These settings with every absent field taken from {@link #defaults(long)}, except
	 * that absent exemplars follow the prompt style (or APE's template for {@code ape}).
	 */
	public JobSettings withDefaults(Strategy strategy, long randomSeed) {
		JobSettings d = defaults((this.seed != null) ? this.seed : randomSeed);
		PromptStyle style = or(this.promptStyle, d.promptStyle);
		int defaultExemplars = (strategy == Strategy.APE) ? APE_EXEMPLARS : style.defaultExemplars();
		return new JobSettings(or(this.initialTrials, d.initialTrials), or(this.batchSize, d.batchSize),
				or(this.iterations, d.iterations), or(this.exemplars, defaultExemplars),
				or(this.devExamples, d.devExamples), or(this.softPromptTokens, d.softPromptTokens),
				or(this.intrinsicDim, d.intrinsicDim), or(this.kernel, d.kernel), d.seed, style,
				or(this.finalCandidates, d.finalCandidates), or(this.finalExamples, d.finalExamples),
				or(this.maxGenerationsPerBatch, GENERATIONS_PER_NEW_INSTRUCTION * or(this.batchSize, d.batchSize)));
	}

	/**
	 * The prompt style; {@code chat} for a job stored before prompt styles existed.
	 */
	public PromptStyle style() {
		return or(this.promptStyle, PromptStyle.CHAT);
	}

	/**
	 * The per-batch generation cap; batchSize (no replacement) for jobs stored before the
	 * setting existed, so they resume as they started.
	 */
	public int generationCap() {
		return (this.maxGenerationsPerBatch != null) ? this.maxGenerationsPerBatch : this.batchSize;
	}

	/**
	 * Trials of the nominal plan: initial design plus every iteration's batch (150 by
	 * default); replacements of duplicate proposals add up to iterations ×
	 * (maxGenerationsPerBatch − batchSize).
	 */
	public int plannedTrials() {
		return this.initialTrials + this.iterations * this.batchSize;
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
