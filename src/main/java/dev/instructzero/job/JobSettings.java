package dev.instructzero.job;

import java.util.List;

import org.jspecify.annotations.NullUnmarked;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import dev.instructzero.generator.PromptStyle;
import dev.instructzero.bo.KernelChoice;

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
 * @param evaluation how a new instruction is scored on the dev subset: {@code full} or
 * {@code racing} (see {@link DevEvaluation})
 * @param racingStages for {@code racing}: dev examples after which an instruction may
 * stop, strictly increasing, each below devExamples (the last stage, all of them, is
 * implied); [5, 10]
 * @param racingConfidence for {@code racing}: an instruction stops when the
 * racingConfidence-quantile of its accuracy's Beta posterior is below the job's best dev
 * score (0.99)
 * @param untilBudget no fixed number of iterations: propose batches until the budget
 * (maxBlackBoxCalls or maxCostUsd) is spent or the search has converged; set by the
 * service when iterations is absent and the budget has one of those limits
 * @param patience for untilBudget: iterations without a better best dev score before the
 * search may count as converged (3)
 * @param convergenceLogEi for untilBudget: converged also needs the best log expected
 * improvement of the next proposal (standardised scores) below this (-10000: the model
 * puts every candidate's predicted score some 140 predictive standard deviations below
 * the best dev score, so it expects nothing of the next batch)
 * @param schedule when proposals are made: {@code batch} (the paper's, default) or
 * {@code async} (see {@link ProposalSchedule})
 * <p>
 * Nullness is left unspecified here ({@code @NullUnmarked}): every field is null when a
 * request leaves it out, and none is after {@link #withDefaults}, which the service
 * applies before storing a job; the engine reads only stored settings. One type serves
 * both forms.
 */
@NullUnmarked
public record JobSettings(@Min(1) @Max(1000) Integer initialTrials, @Min(1) @Max(500) Integer batchSize,
		@Min(0) @Max(100) Integer iterations, @Min(1) @Max(50) Integer exemplars, @Min(1) @Max(500) Integer devExamples,
		@Min(1) @Max(50) Integer softPromptTokens, @Min(1) @Max(100) Integer intrinsicDim, KernelChoice kernel,
		Long seed, PromptStyle promptStyle, @Min(1) @Max(50) Integer finalCandidates,
		@Min(0) @Max(500) Integer finalExamples, @Min(1) @Max(5000) Integer maxGenerationsPerBatch,
		DevEvaluation evaluation, @Size(max = 10) List<@Min(1) @Max(499) Integer> racingStages,
		@DecimalMin(value = "0.5", inclusive = false) @DecimalMax(value = "1",
				inclusive = false) Double racingConfidence,
		Boolean untilBudget, @Min(1) @Max(100) Integer patience, Double convergenceLogEi, ProposalSchedule schedule) {

	/** Default schedule of new jobs. */
	static final ProposalSchedule DEFAULT_SCHEDULE = ProposalSchedule.BATCH;

	/**
	 * Default evaluation of new jobs (chosen by the racing benchmark,
	 * docs/benchmarks.md).
	 */
	static final DevEvaluation DEFAULT_EVALUATION = DevEvaluation.FULL;

	static final List<Integer> DEFAULT_RACING_STAGES = List.of(5, 10);

	static final double DEFAULT_RACING_CONFIDENCE = 0.99;

	static final int DEFAULT_PATIENCE = 3;

	/**
	 * Chosen by the convergence benchmark (docs/benchmarks.md): the highest threshold
	 * that lost at most 0.01 true accuracy on 8 of 10 simulated seeds; -7 lost more on 3.
	 */
	static final double DEFAULT_CONVERGENCE_LOG_EI = -10_000;

	/** As the canonical constructor, without the racing and until-budget settings. */
	public JobSettings(Integer initialTrials, Integer batchSize, Integer iterations, Integer exemplars,
			Integer devExamples, Integer softPromptTokens, Integer intrinsicDim, KernelChoice kernel, Long seed,
			PromptStyle promptStyle, Integer finalCandidates, Integer finalExamples, Integer maxGenerationsPerBatch) {
		this(initialTrials, batchSize, iterations, exemplars, devExamples, softPromptTokens, intrinsicDim, kernel, seed,
				promptStyle, finalCandidates, finalExamples, maxGenerationsPerBatch, null, null, null, null, null, null,
				null);
	}

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
		return new JobSettings(25, 25, 5, PromptStyle.CHAT.defaultExemplars(), 20, 5, 10,
				KernelChoice.INSTRUCTION_COUPLED, seed, PromptStyle.CHAT, 5, 40, GENERATIONS_PER_NEW_INSTRUCTION * 25,
				DEFAULT_EVALUATION, DEFAULT_RACING_STAGES, DEFAULT_RACING_CONFIDENCE, false, DEFAULT_PATIENCE,
				DEFAULT_CONVERGENCE_LOG_EI, DEFAULT_SCHEDULE);
	}

	/** These settings with the given evaluation. */
	public JobSettings withEvaluation(DevEvaluation evaluation) {
		return new JobSettings(this.initialTrials, this.batchSize, this.iterations, this.exemplars, this.devExamples,
				this.softPromptTokens, this.intrinsicDim, this.kernel, this.seed, this.promptStyle,
				this.finalCandidates, this.finalExamples, this.maxGenerationsPerBatch, evaluation, this.racingStages,
				this.racingConfidence, this.untilBudget, this.patience, this.convergenceLogEi, this.schedule);
	}

	/**
	 * These settings run until the budget is spent or the search converges (iterations
	 * absent).
	 */
	public JobSettings untilBudgetSpent() {
		return new JobSettings(this.initialTrials, this.batchSize, null, this.exemplars, this.devExamples,
				this.softPromptTokens, this.intrinsicDim, this.kernel, this.seed, this.promptStyle,
				this.finalCandidates, this.finalExamples, this.maxGenerationsPerBatch, this.evaluation,
				this.racingStages, this.racingConfidence, true, this.patience, this.convergenceLogEi, this.schedule);
	}

	/** These settings with racing stages and confidence. */
	public JobSettings withRacing(List<Integer> stages, double confidence) {
		return new JobSettings(this.initialTrials, this.batchSize, this.iterations, this.exemplars, this.devExamples,
				this.softPromptTokens, this.intrinsicDim, this.kernel, this.seed, this.promptStyle,
				this.finalCandidates, this.finalExamples, this.maxGenerationsPerBatch, DevEvaluation.RACING, stages,
				confidence, this.untilBudget, this.patience, this.convergenceLogEi, this.schedule);
	}

	/** These settings with the convergence rule's patience and log-EI threshold. */
	public JobSettings withConvergence(int patience, double logEiThreshold) {
		return new JobSettings(this.initialTrials, this.batchSize, this.iterations, this.exemplars, this.devExamples,
				this.softPromptTokens, this.intrinsicDim, this.kernel, this.seed, this.promptStyle,
				this.finalCandidates, this.finalExamples, this.maxGenerationsPerBatch, this.evaluation,
				this.racingStages, this.racingConfidence, this.untilBudget, patience, logEiThreshold, this.schedule);
	}

	/** These settings with the given schedule. */
	public JobSettings withSchedule(ProposalSchedule schedule) {
		return new JobSettings(this.initialTrials, this.batchSize, this.iterations, this.exemplars, this.devExamples,
				this.softPromptTokens, this.intrinsicDim, this.kernel, this.seed, this.promptStyle,
				this.finalCandidates, this.finalExamples, this.maxGenerationsPerBatch, this.evaluation,
				this.racingStages, this.racingConfidence, this.untilBudget, this.patience, this.convergenceLogEi,
				schedule);
	}

	/** The schedule; {@code batch} for jobs stored before the setting existed. */
	public ProposalSchedule scheduleMode() {
		return or(this.schedule, ProposalSchedule.BATCH);
	}

	/** True when the job proposes batches until its budget is spent or it converges. */
	public boolean runsUntilBudget() {
		return Boolean.TRUE.equals(this.untilBudget);
	}

	/** The dev evaluation; {@code full} for jobs stored before racing existed. */
	public DevEvaluation evaluationMode() {
		return or(this.evaluation, DevEvaluation.FULL);
	}

	/**
	 * The dev examples after which a racing instruction is checked, ending with all of
	 * them: the racing stages below {@code devExamples} (of a subset of {@code devSize}
	 * examples), then devSize; just [devSize] for {@code full}.
	 */
	public List<Integer> stageSizes(int devSize) {
		List<Integer> sizes = new java.util.ArrayList<>();
		if (evaluationMode() == DevEvaluation.RACING) {
			for (int stage : or(this.racingStages, DEFAULT_RACING_STAGES)) {
				if (stage < devSize && (sizes.isEmpty() || stage > sizes.get(sizes.size() - 1))) {
					sizes.add(stage);
				}
			}
		}
		sizes.add(devSize);
		return sizes;
	}

	public double confidence() {
		return or(this.racingConfidence, DEFAULT_RACING_CONFIDENCE);
	}

	public int patienceIterations() {
		return or(this.patience, DEFAULT_PATIENCE);
	}

	public double convergenceThreshold() {
		return or(this.convergenceLogEi, DEFAULT_CONVERGENCE_LOG_EI);
	}

	/**
	 * These settings with every absent field taken from {@link #defaults(long)}, except
	 * that absent exemplars follow the prompt style (or APE's template for {@code ape}).
	 */
	public JobSettings withDefaults(Strategy strategy, long randomSeed) {
		JobSettings d = defaults((this.seed != null) ? this.seed : randomSeed);
		PromptStyle style = or(this.promptStyle, d.promptStyle);
		int defaultExemplars = (strategy == Strategy.APE) ? APE_EXEMPLARS : style.defaultExemplars();
		boolean untilBudget = runsUntilBudget();
		return new JobSettings(or(this.initialTrials, d.initialTrials), or(this.batchSize, d.batchSize),
				untilBudget ? null : or(this.iterations, d.iterations), or(this.exemplars, defaultExemplars),
				or(this.devExamples, d.devExamples), or(this.softPromptTokens, d.softPromptTokens),
				or(this.intrinsicDim, d.intrinsicDim), or(this.kernel, d.kernel), d.seed, style,
				or(this.finalCandidates, d.finalCandidates), or(this.finalExamples, d.finalExamples),
				or(this.maxGenerationsPerBatch, GENERATIONS_PER_NEW_INSTRUCTION * or(this.batchSize, d.batchSize)),
				or(this.evaluation, d.evaluation), or(this.racingStages, d.racingStages),
				or(this.racingConfidence, d.racingConfidence), untilBudget, or(this.patience, d.patience),
				or(this.convergenceLogEi, d.convergenceLogEi), or(this.schedule, d.schedule));
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
		// until budget: the plan grows batch by batch, starting with the initial design
		return runsUntilBudget() ? this.initialTrials : this.initialTrials + this.iterations * this.batchSize;
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
