package dev.instructzero.job;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import dev.instructzero.evaluator.BlackBoxEvaluator;
import dev.instructzero.evaluator.EvaluationBudget;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.Metric;
import dev.instructzero.trial.Trial;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Runs the real {@link JobExecution} without Spring: trials and the plan's length are
 * kept in memory, and {@link #crashAfter} makes the engine fail like a dying replica
 * after that many persisted trials, so a second run can resume from them.
 */
final class EngineHarness implements JobExecution.JobEngineContext {

	final UUID jobId = UUID.randomUUID();

	final List<Trial> trials = new CopyOnWriteArrayList<>();

	final List<Integer> plans = new CopyOnWriteArrayList<>();

	private final SoftPromptSearch search;

	private final BlackBoxEvaluator evaluator;

	private final JobMetrics metrics = new JobMetrics(new SimpleMeterRegistry(), null);

	private final Semaphore permits = new Semaphore(8);

	private final AtomicInteger crashAfter = new AtomicInteger(Integer.MAX_VALUE);

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

	/** Runs (or resumes, from the trials persisted so far) one job. */
	StopReason run(Strategy strategy, JobSettings settings, List<LabeledExample> dev,
			JobExecution.InstructionSource instructions, int trialLimit) {
		JobExecution.JobSetup setup = new JobExecution.JobSetup(this.jobId, strategy, settings, settings.seed(),
				trialLimit, "sim-model", Metric.EXACT_MATCH, dev, List.of(), instructions);
		JobUsage usage = JobUsage.resume(this.jobId, EvaluationBudget.UNLIMITED, this.usage);
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
	public Semaphore generationPermits() {
		return this.permits;
	}

	@Override
	public boolean cancelRequested(UUID jobId) {
		return false;
	}

	@Override
	public void phase(UUID jobId, String phase, int iteration) {
	}

	@Override
	public void replan(UUID jobId, int trialsPlanned) {
		this.plans.add(trialsPlanned);
	}

	@Override
	public synchronized void recordTrial(Trial trial, UsageTotals usage) {
		if (this.trials.size() >= this.crashAfter.get()) {
			throw new JobInterruptedException("simulated crash", null);
		}
		this.trials.add(trial);
		recordUsage(trial.jobId(), usage);
	}

	@Override
	public void recordTestScore(UUID jobId, int ordinal, double score, UsageTotals usage) {
		recordUsage(jobId, usage);
	}

	@Override
	public synchronized void recordUsage(UUID jobId, UsageTotals usage) {
		if (usage.paidCalls() >= this.usage.paidCalls()) {
			this.usage = usage;
		}
	}

}
