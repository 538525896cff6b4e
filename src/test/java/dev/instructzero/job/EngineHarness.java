package dev.instructzero.job;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.instructzero.evaluator.BlackBoxEvaluator;
import dev.instructzero.evaluator.EvaluationBudget;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.evaluator.JudgeTotals;
import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.generator.GeneratedInstruction;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.Metric;
import dev.instructzero.task.MetricOptions;
import dev.instructzero.task.PromptTemplate;
import dev.instructzero.trial.ExampleAnswer;
import dev.instructzero.trial.FinalCandidate;
import dev.instructzero.trial.Trial;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Runs the real {@link JobExecution} without Spring: trials and the plan's length are
 * kept in memory, and {@link #crashAfter} makes the engine fail like a dying replica
 * after that many persisted trials, so a second run can resume from them. Jobs run with
 * APE's template and exact match, without test or extra final-selection examples (the
 * final selection then ranks the top instructions by dev score without a call).
 */
final class EngineHarness implements JobExecution.JobEngineContext {

	private static final Comparator<Trial> BY_DEV_SCORE = Comparator.comparingDouble(Trial::devScore)
		.reversed()
		.thenComparingInt(Trial::ordinal);

	final UUID jobId = UUID.randomUUID();

	final List<Trial> trials = new CopyOnWriteArrayList<>();

	final List<Integer> plans = new CopyOnWriteArrayList<>();

	private final SoftPromptSearch search;

	private final BlackBoxEvaluator evaluator;

	private final JobMetrics metrics = new JobMetrics(new SimpleMeterRegistry(), null);

	private final GenerationPermits permits = new GenerationPermits(8, 256L << 20);

	private final AtomicInteger crashAfter = new AtomicInteger(Integer.MAX_VALUE);

	private final List<FinalCandidate> finalCandidates = new CopyOnWriteArrayList<>();

	private volatile Integer finalChoice;

	private UsageTotals usage = UsageTotals.ZERO;

	EngineHarness(SoftPromptSearch search, BlackBoxEvaluator evaluator) {
		this.search = search;
		this.evaluator = evaluator;
	}

	/** The persisted trials ordered by ordinal. */
	List<Trial> sortedTrials() {
		List<Trial> sorted = new ArrayList<>(this.trials);
		sorted.sort(Comparator.comparingInt(Trial::ordinal));
		return sorted;
	}

	/** The next run dies (as if its replica stopped) once this many trials exist. */
	void crashAfter(int trials) {
		this.crashAfter.set(trials);
	}

	/**
	 * Runs (or resumes, from the trials persisted so far) one job whose generator replies
	 * with exactly the instruction {@code decoder} gives for a soft prompt.
	 */
	StopReason run(Strategy strategy, JobSettings settings, List<LabeledExample> dev,
			Function<double[], String> decoder, int trialLimit) {
		return run(strategy, settings, dev, decoder, trialLimit, EvaluationBudget.UNLIMITED);
	}

	/** As above, within a black-box budget. */
	StopReason run(Strategy strategy, JobSettings settings, List<LabeledExample> dev,
			Function<double[], String> decoder, int trialLimit, EvaluationBudget budget) {
		JobExecution.InstructionSource instructions = (z) -> {
			String instruction = decoder.apply(z);
			return new GeneratedInstruction(instruction, instruction);
		};
		JobExecution.JobSetup setup = new JobExecution.JobSetup(this.jobId, strategy, settings, settings.seed(),
				trialLimit, "sim-model", Metric.EXACT_MATCH, dev, List.of(), instructions, List.of(),
				MetricOptions.NONE, PromptTemplate.APE);
		JobUsage usage = JobUsage.resume(this.jobId, budget, this.usage);
		return new JobExecution(setup, this, usage, sortedTrials()).execute();
	}

	UsageTotals usage() {
		return this.usage;
	}

	@Override
	public SoftPromptSearch search() {
		return this.search;
	}

	@Override
	public BlackBoxEvaluator evaluator() {
		return this.evaluator;
	}

	@Override
	public JobMetrics metrics() {
		return this.metrics;
	}

	@Override
	public Clock clock() {
		return Clock.systemUTC();
	}

	@Override
	public GenerationPermits generationPermits() {
		return this.permits;
	}

	@Override
	public boolean cancelRequested(UUID jobId) {
		return false;
	}

	@Override
	public void phase(UUID jobId, Phase phase, int iteration) {
	}

	@Override
	public void replan(UUID jobId, int trialsPlanned) {
		this.plans.add(trialsPlanned);
	}

	@Override
	public synchronized void recordTrial(Trial trial, UsageTotals usage, List<ExampleAnswer> devAnswers) {
		if (this.trials.size() >= this.crashAfter.get()) {
			throw new JobInterruptedException("simulated crash", null);
		}
		this.trials.add(trial);
		recordUsage(trial.jobId(), usage);
	}

	@Override
	public void recordTestScore(UUID jobId, int ordinal, double score, UsageTotals usage,
			List<ExampleAnswer> testAnswers) {
		recordUsage(jobId, usage);
	}

	@Override
	public synchronized void recordUsage(UUID jobId, UsageTotals usage) {
		if (usage.paidCalls() >= this.usage.paidCalls()) {
			this.usage = usage;
		}
	}

	/** As TrialRepository.findBest: the final choice, else the dev-score leader. */
	@Override
	public Optional<Trial> bestTrial(UUID jobId) {
		Integer chosen = this.finalChoice;
		if (chosen != null) {
			return this.trials.stream().filter((t) -> t.ordinal() == chosen).findFirst();
		}
		return sortedTrials().stream().filter((t) -> !t.generationFailed() && !t.stoppedEarly()).min(BY_DEV_SCORE);
	}

	/** As TrialRepository.findTopDistinct. */
	@Override
	public List<Trial> topDistinctTrials(UUID jobId, int limit) {
		List<Trial> firsts = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (Trial trial : sortedTrials()) {
			if (!trial.generationFailed() && !trial.stoppedEarly() && seen.add(trial.instruction())) {
				firsts.add(trial);
			}
		}
		firsts.sort(BY_DEV_SCORE);
		return firsts.subList(0, Math.min(limit, firsts.size()));
	}

	@Override
	public List<FinalCandidate> finalCandidates(UUID jobId) {
		List<FinalCandidate> sorted = new ArrayList<>(this.finalCandidates);
		sorted.sort(Comparator.comparingInt(FinalCandidate::devRank));
		return sorted;
	}

	@Override
	public void recordFinalCandidate(FinalCandidate candidate, UsageTotals usage) {
		this.finalCandidates.add(candidate);
		recordUsage(candidate.jobId(), usage);
	}

	@Override
	public void recordFinalChoice(UUID jobId, int ordinal) {
		this.finalChoice = ordinal;
	}

	@Override
	public void recordJudgeUsage(UUID jobId, JudgeTotals judge) {
	}

}
