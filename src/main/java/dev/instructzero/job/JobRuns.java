package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import dev.instructzero.evaluator.BlackBoxCallRepository;
import dev.instructzero.evaluator.BlackBoxEvaluator;
import dev.instructzero.evaluator.JobBudget;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.generator.ApeInstructionGenerator;
import dev.instructzero.generator.Exemplar;
import dev.instructzero.generator.GenerationFailedException;
import dev.instructzero.generator.GeneratorModels;
import dev.instructzero.generator.SoftPromptGenerator;
import dev.instructzero.run.ApeSource;
import dev.instructzero.run.BayesianSource;
import dev.instructzero.run.CandidateSource;
import dev.instructzero.run.GenerationPermits;
import dev.instructzero.run.JobObservations;
import dev.instructzero.run.JobProgress;
import dev.instructzero.run.Plan;
import dev.instructzero.run.PlatformThreadSearch;
import dev.instructzero.run.RacingRule;
import dev.instructzero.run.Run;
import dev.instructzero.run.RunServices;
import dev.instructzero.run.RunSetup;
import dev.instructzero.run.RunTask;
import dev.instructzero.run.SoftPromptSearch;
import dev.instructzero.run.SoftPromptWriter;
import dev.instructzero.run.UniformSource;
import dev.instructzero.task.DataSplit;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.TaskData;
import dev.instructzero.task.TaskService;
import dev.instructzero.trial.FinalCandidateRepository;
import dev.instructzero.trial.TrialRepository;
import dev.instructzero.trial.TrialService;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link Run} of a stored job: its settings and budget read, its task split,
 * its usage resumed from the call ledger, its candidate source chosen by strategy (the
 * one place that switches on it), and the job's stores as the run's ports.
 */
@Component
class JobRuns {

	private final JobRepository jobs;

	private final TaskService tasks;

	private final TrialRepository trials;

	private final TrialRecorder recorder;

	private final JobEvents events;

	private final GeneratorModels generators;

	private final ObjectProvider<ApeInstructionGenerator> ape;

	private final SoftPromptSearch search;

	private final TrialService trialService;

	private final FinalCandidateRepository finalCandidates;

	private final BlackBoxCallRepository callLedger;

	private final RunServices services;

	private final int maxGpPoints;

	JobRuns(JobRepository jobs, TaskService tasks, TrialRepository trials, TrialRecorder recorder, JobEvents events,
			GeneratorModels generators, ObjectProvider<ApeInstructionGenerator> ape, BlackBoxEvaluator evaluator,
			SoftPromptSearch search, JobMetrics metrics, Clock clock, JobsProperties properties,
			TrialService trialService, FinalCandidateRepository finalCandidates, BlackBoxCallRepository callLedger,
			ObjectProvider<ObservationRegistry> observations) {
		this.jobs = jobs;
		this.tasks = tasks;
		this.trials = trials;
		this.recorder = recorder;
		this.events = events;
		this.generators = generators;
		this.ape = ape;
		// fits are seconds of CPU: off the virtual threads (see PlatformThreadSearch)
		this.search = new PlatformThreadSearch(search, Runtime.getRuntime().availableProcessors());
		this.trialService = trialService;
		this.finalCandidates = finalCandidates;
		this.callLedger = callLedger;
		this.services = new RunServices(evaluator, metrics, clock,
				new GenerationPermits(properties.generationConcurrency(),
						properties.generationPayloadBytes().toBytes()),
				new JobObservations(observations.getIfAvailable(() -> ObservationRegistry.NOOP)));
		this.maxGpPoints = properties.maxGpPoints();
	}

	/** Where every run's spans go. */
	JobObservations observations() {
		return this.services.observations();
	}

	/** The run of {@code job}, resuming from its persisted trials. */
	Run prepare(Job job) {
		// defaults for settings added after the job was created
		JobSettings settings = job.settings();
		JobBudget budget = job.budget();
		TaskData task = this.tasks.data(job.taskId());
		DataSplit<LabeledExample> split = DataSplit.of(task.examples(), task.testExamples(), job.seed(),
				settings.devExamples());
		List<Exemplar> exemplars = split.exemplarPool()
			.stream()
			.limit(settings.exemplars())
			.map((e) -> new Exemplar(e.input(), e.outputs().get(0)))
			.toList();
		// calls paid just before a crash are in the call ledger but maybe not yet in the
		// job's counters: they count against the budget all the same
		UsageTotals counted = new UsageTotals(job.paidCalls(), job.cacheHits(), job.tokensIn(), job.tokensOut(),
				job.costUsd());
		UUID jobId = job.id();
		JobUsage usage = JobUsage.resume(jobId, budget, counted.atLeast(this.callLedger.paidBy(jobId)),
				job.judgeTotals(), () -> this.jobs.isCancelRequested(jobId));
		JobProgress progress = new JobRunProgress(jobId, this.jobs, this.recorder, this.events);
		CandidateSource source = candidateSource(job.strategy(), settings, job.seed(), jobId, this.search,
				this.services, progress, () -> softPromptWriter(job, settings, exemplars),
				() -> apeSampler(job, exemplars, usage));
		RunTask runTask = new RunTask(job.blackBoxModel(), task.metric(), task.metricOptions(), task.promptTemplate(),
				split.devSubset(), split.test(), split.beyondDevSubset(settings.finalExamples()));
		RunSetup setup = setup(jobId, settings, trialLimit(settings, budget), source, runTask);
		JobTrialStore store = new JobTrialStore(jobId, this.recorder, this.trials, this.trialService,
				this.finalCandidates, this.events);
		return new Run(setup, this.services, progress, store, store, usage, store.persisted());
	}

	/**
	 * The run's setup for a job with these (defaulted) settings: its plan, its racing
	 * rule and final selection.
	 */
	static RunSetup setup(UUID jobId, JobSettings settings, int trialLimit, CandidateSource source, RunTask task) {
		boolean untilBudget = settings.runsUntilBudget();
		Plan plan = new Plan(settings.initialTrials(), settings.batchSize(), untilBudget ? 0 : settings.iterations(),
				untilBudget, settings.generationCap(), source.replacesDuplicates(), trialLimit);
		RacingRule racing = new RacingRule(settings.stageSizes(task.devSubset().size()), settings.confidence());
		return new RunSetup(jobId, plan, source, task, racing, settings.finalCandidates(),
				settings.scheduleMode() == ProposalSchedule.ASYNC);
	}

	/**
	 * The candidate source of {@code strategy}; only the chosen strategy's generator is
	 * asked for.
	 */
	static CandidateSource candidateSource(Strategy strategy, JobSettings settings, long seed, UUID jobId,
			SoftPromptSearch search, RunServices services, JobProgress progress, Supplier<SoftPromptWriter> softPrompts,
			Supplier<ApeSource.Sampler> ape) {
		return switch (strategy) {
			case INSTRUCTZERO -> new BayesianSource(jobId,
					new BayesianSource.Settings(seed, settings.intrinsicDim(), settings.kernel(),
							settings.runsUntilBudget(), settings.patienceIterations(), settings.convergenceThreshold()),
					search, softPrompts.get(), progress, services);
			case RANDOM -> new UniformSource(seed, settings.intrinsicDim(), softPrompts.get());
			case APE -> new ApeSource(ape.get());
		};
	}

	/**
	 * No trial at or beyond this ordinal: the budget's maxTrials; a budget-driven job
	 * also stops where its Gaussian process would exceed max-gp-points (and the planned
	 * trials' ceiling), should its spending limit not stop it first.
	 */
	private int trialLimit(JobSettings settings, JobBudget budget) {
		int limit = (budget.maxTrials() != null) ? budget.maxTrials() : Integer.MAX_VALUE;
		if (settings.runsUntilBudget()) {
			limit = Math.min(limit, Math.min(this.maxGpPoints, JobSettings.MAX_PLANNED_TRIALS));
		}
		return limit;
	}

	private ApeSource.Sampler apeSampler(Job job, List<Exemplar> exemplars, JobUsage usage) {
		ApeInstructionGenerator generator = this.ape.getIfAvailable();
		if (generator == null) {
			throw new GenerationFailedException(GenerationFailedException.Reason.UNAVAILABLE,
					"the APE generator is not configured", 0, null);
		}
		// one sample per (seed, candidate)
		return (ordinal) -> generator.generate(exemplars, job.blackBoxModel(), job.seed() + "/" + ordinal, usage);
	}

	private SoftPromptWriter softPromptWriter(Job job, JobSettings settings, List<Exemplar> exemplars) {
		String generatorModel = this.generators.resolve(job.generatorModel()).orElse(null);
		SoftPromptGenerator generator = this.generators.generator(generatorModel).orElse(null);
		if (generator == null) {
			throw new GenerationFailedException(GenerationFailedException.Reason.UNAVAILABLE, (generatorModel == null)
					? "the vLLM soft-prompt generator is not configured"
					: "the generator '" + generatorModel + "' is not configured (instructzero.generator.models)", 0,
					null);
		}
		SoftPromptGenerator.ForJob prepared = generator.forJob(job.seed(), settings.softPromptTokens(),
				settings.intrinsicDim(), exemplars, settings.style());
		return new SoftPromptWriter() {

			@Override
			public dev.instructzero.generator.GeneratedInstruction generate(double[] z) {
				return prepared.generate(z);
			}

			@Override
			public long payloadBytes() {
				return prepared.payloadBytes();
			}

			@Override
			public @Nullable String generatorModel() {
				return generatorModel;
			}

		};
	}

}
