package dev.instructzero.job;

import dev.instructzero.run.Phase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.instructzero.evaluator.BlackBoxEvaluator;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.evaluator.JudgeTotals;
import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.generator.GeneratedInstruction;
import dev.instructzero.run.CandidateSource;
import dev.instructzero.run.FinalScore;
import dev.instructzero.run.GenerationPermits;
import dev.instructzero.run.JobInterruptedException;
import dev.instructzero.run.JobObservations;
import dev.instructzero.run.JobProgress;
import dev.instructzero.run.Run;
import dev.instructzero.run.RunServices;
import dev.instructzero.run.RunSetup;
import dev.instructzero.run.RunTask;
import dev.instructzero.run.SelectionStore;
import dev.instructzero.run.SoftPromptSearch;
import dev.instructzero.run.StopReason;
import dev.instructzero.run.TrialResult;
import dev.instructzero.run.TrialStore;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.Metric;
import dev.instructzero.task.MetricOptions;
import dev.instructzero.task.PromptTemplate;
import dev.instructzero.trial.ExampleAnswer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.instructzero.evaluator.JobBudget;

/**
 * Runs the real {@link Run} without Spring, built as the service builds it from a job's
 * strategy and settings ({@link JobRuns#setup}, {@link JobRuns#candidateSource}): trials
 * and the plan's length are kept in memory, and {@link #crashAfter} makes the engine fail
 * like a dying replica after that many persisted trials, so a second run can resume from
 * them. Jobs run with APE's template and exact match, without test or extra
 * final-selection examples (the final selection then ranks the top instructions by dev
 * score without a call).
 */
final class EngineHarness implements TrialStore, SelectionStore, JobProgress {

	private static final Comparator<TrialResult> BY_DEV_SCORE = Comparator.comparingDouble(TrialResult::devScore)
		.reversed()
		.thenComparingInt(TrialResult::ordinal);

	final UUID jobId = UUID.randomUUID();

	final List<TrialResult> trials = new CopyOnWriteArrayList<>();

	final List<Integer> plans = new CopyOnWriteArrayList<>();

	private final SoftPromptSearch search;

	private final RunServices services;

	/**
	 * When, given the trials persisted so far, the next record fails like a dying
	 * replica.
	 */
	private volatile Predicate<List<TrialResult>> crashWhen = (persisted) -> false;

	private final List<FinalScore> finalCandidates = new CopyOnWriteArrayList<>();

	private volatile Integer finalChoice;

	private UsageTotals usage = UsageTotals.ZERO;

	EngineHarness(SoftPromptSearch search, BlackBoxEvaluator evaluator) {
		this.search = search;
		this.services = new RunServices(evaluator, new JobMetrics(new SimpleMeterRegistry(), null), Clock.systemUTC(),
				new GenerationPermits(8, 256L << 20), JobObservations.NOOP);
	}

	/** The persisted trials ordered by ordinal. */
	List<TrialResult> sortedTrials() {
		List<TrialResult> sorted = new ArrayList<>(this.trials);
		sorted.sort(Comparator.comparingInt(TrialResult::ordinal));
		return sorted;
	}

	/** The next run dies (as if its replica stopped) once this many trials exist. */
	void crashAfter(int trials) {
		crashWhen((persisted) -> persisted.size() >= trials);
	}

	/** The engine fails at the first record that finds {@code condition} true. */
	void crashWhen(Predicate<List<TrialResult>> condition) {
		this.crashWhen = condition;
	}

	/**
	 * Runs (or resumes, from the trials persisted so far) one job whose generator replies
	 * with exactly the instruction {@code decoder} gives for a soft prompt.
	 */
	StopReason run(Strategy strategy, JobSettings settings, List<LabeledExample> dev,
			Function<double[], String> decoder, int trialLimit) {
		return run(strategy, settings, dev, decoder, trialLimit, JobBudget.unlimited());
	}

	/** As above, within a black-box budget. */
	StopReason run(Strategy strategy, JobSettings settings, List<LabeledExample> dev,
			Function<double[], String> decoder, int trialLimit, JobBudget budget) {
		CandidateSource source = JobRuns.candidateSource(strategy, settings, settings.seed(), this.jobId, this.search,
				this.services, this, () -> (z) -> {
					String instruction = decoder.apply(z);
					return new GeneratedInstruction(instruction, instruction);
				}, () -> {
					throw new IllegalStateException("no APE generator in the harness");
				});
		RunTask task = new RunTask("sim-model", Metric.EXACT_MATCH, MetricOptions.NONE, PromptTemplate.APE, dev,
				List.of(), List.of());
		RunSetup setup = JobRuns.setup(this.jobId, settings, trialLimit, source, task);
		JobUsage usage = JobUsage.resume(this.jobId, budget, this.usage);
		return new Run(setup, this.services, this, this, this, usage, sortedTrials()).execute();
	}

	UsageTotals usage() {
		return this.usage;
	}

	@Override
	public boolean cancelRequested() {
		return false;
	}

	@Override
	public void phase(Phase phase, int iteration) {
	}

	@Override
	public void planned(int trialsPlanned) {
		this.plans.add(trialsPlanned);
	}

	@Override
	public synchronized void record(TrialResult trial, UsageTotals usage, List<ExampleAnswer> devAnswers) {
		if (this.crashWhen.test(this.trials)) {
			throw new JobInterruptedException("simulated crash", null);
		}
		this.trials.add(trial);
		usage(usage);
	}

	@Override
	public void recordTestScore(int ordinal, double score, UsageTotals usage, List<ExampleAnswer> testAnswers) {
		usage(usage);
	}

	@Override
	public synchronized void usage(UsageTotals usage) {
		if (usage.paidCalls() >= this.usage.paidCalls()) {
			this.usage = usage;
		}
	}

	@Override
	public void judgeUsage(JudgeTotals judge) {
	}

	/** As TrialRepository.findBest: the final choice, else the dev-score leader. */
	@Override
	public Optional<TrialResult> best() {
		Integer chosen = this.finalChoice;
		if (chosen != null) {
			return this.trials.stream().filter((t) -> t.ordinal() == chosen).findFirst();
		}
		return sortedTrials().stream().filter((t) -> !t.generationFailed() && !t.stoppedEarly()).min(BY_DEV_SCORE);
	}

	/** As TrialRepository.findTopDistinct. */
	@Override
	public List<TrialResult> topDistinct(int limit) {
		List<TrialResult> firsts = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (TrialResult trial : sortedTrials()) {
			if (!trial.generationFailed() && !trial.stoppedEarly() && seen.add(trial.instruction())) {
				firsts.add(trial);
			}
		}
		firsts.sort(BY_DEV_SCORE);
		return firsts.subList(0, Math.min(limit, firsts.size()));
	}

	@Override
	public List<FinalScore> scored() {
		List<FinalScore> sorted = new ArrayList<>(this.finalCandidates);
		sorted.sort(Comparator.comparingInt(FinalScore::devRank));
		return sorted;
	}

	@Override
	public void record(FinalScore candidate, UsageTotals usage) {
		this.finalCandidates.add(candidate);
		usage(usage);
	}

	@Override
	public void choose(int ordinal) {
		this.finalChoice = ordinal;
	}

}
