package dev.instructzero.job;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.instructzero.database.DatabaseFaults;
import dev.instructzero.evaluator.BlackBoxCallRepository;
import dev.instructzero.evaluator.BlackBoxEvaluator;
import dev.instructzero.evaluator.BlackBoxException;
import dev.instructzero.evaluator.CallsCancelledException;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.evaluator.JudgeTotals;
import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.generator.ApeInstructionGenerator;
import dev.instructzero.generator.CheckpointException;
import dev.instructzero.generator.Exemplar;
import dev.instructzero.generator.GeneratedInstruction;
import dev.instructzero.generator.GeneratorModels;
import dev.instructzero.generator.GenerationFailedException;
import dev.instructzero.generator.SoftPromptGenerator;
import dev.instructzero.task.DataSplit;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.PromptTemplate;
import dev.instructzero.task.TaskResponse;
import dev.instructzero.task.TaskService;
import dev.instructzero.trial.FinalCandidate;
import dev.instructzero.trial.FinalCandidateRepository;
import dev.instructzero.trial.ExampleAnswer;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialRepository;
import dev.instructzero.trial.TrialService;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Runs a job to its end; JobRunr calls {@link #run(UUID)} on one worker of one replica at
 * a time.
 *
 * <p>
 * Failure policy: a dependency that stays down beyond its own bounded retries (vLLM, the
 * black box) fails the job with its message, keeping every trial ({@code POST
 * /jobs/{id}/resume} continues it). A transient database fault (see
 * {@link DatabaseFaults#isTransient}) pauses the job: it waits on its worker with a
 * capped back-off and resumes from the persisted trials by itself, for up to
 * {@code instructzero.jobs.database-outage-limit}; after that the fault propagates to
 * JobRunr, which retries later (on any replica). A permanent database error (a constraint
 * or data error) fails the job at once with its SQLState, since a retry would repeat it.
 * A cancellation seen before a paid call ends the job CANCELLED. The worker stopping
 * propagates to JobRunr.
 */
@Component
public class JobRunner implements JobExecution.JobEngineContext {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final JobRepository jobs;

	private final TaskService tasks;

	private final TrialRepository trials;

	private final TrialRecorder recorder;

	private final JobEvents events;

	private final GeneratorModels generators;

	private final ObjectProvider<ApeInstructionGenerator> ape;

	private final BlackBoxEvaluator evaluator;

	private final SoftPromptSearch search;

	private final JobMetrics metrics;

	private final Clock clock;

	private final GenerationPermits generationPermits;

	private final TrialService trialService;

	private final FinalCandidateRepository finalCandidates;

	private final BlackBoxCallRepository callLedger;

	private final Duration databaseOutageLimit;

	private final JobObservations observations;

	private final int maxGpPoints;

	private static final Duration MAX_DATABASE_WAIT = Duration.ofSeconds(30);

	JobRunner(JobRepository jobs, TaskService tasks, TrialRepository trials, TrialRecorder recorder, JobEvents events,
			GeneratorModels generators, ObjectProvider<ApeInstructionGenerator> ape, BlackBoxEvaluator evaluator,
			SoftPromptSearch search, JobMetrics metrics, Clock clock, JobsProperties properties,
			TrialService trialService, FinalCandidateRepository finalCandidates, BlackBoxCallRepository callLedger,
			ObjectProvider<ObservationRegistry> observations) {
		this.callLedger = callLedger;
		this.observations = new JobObservations(observations.getIfAvailable(() -> ObservationRegistry.NOOP));
		this.trialService = trialService;
		this.finalCandidates = finalCandidates;
		this.jobs = jobs;
		this.tasks = tasks;
		this.trials = trials;
		this.recorder = recorder;
		this.events = events;
		this.generators = generators;
		this.ape = ape;
		this.evaluator = evaluator;
		// fits are seconds of CPU: off the virtual threads (see PlatformThreadSearch)
		this.search = new PlatformThreadSearch(search, Runtime.getRuntime().availableProcessors());
		this.metrics = metrics;
		this.clock = clock;
		this.generationPermits = new GenerationPermits(properties.generationConcurrency(),
				properties.generationPayloadBytes().toBytes());
		this.databaseOutageLimit = properties.databaseOutageLimit();
		this.maxGpPoints = properties.maxGpPoints();
	}

	/**
	 * Runs or resumes a job; a no-op for a finished or unknown job. Rides out transient
	 * database faults for up to the configured outage limit. What the job logs on this
	 * thread carries {@code jobId} and {@code client} (its owner) in the log context; the
	 * run is one trace ({@link JobObservations}).
	 */
	@org.jobrunr.jobs.annotations.Job(name = "InstructZero job %0")
	public void run(UUID jobId) {
		try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", jobId.toString())) {
			this.observations.observe(JobObservations.RUN, "job run", jobId, () -> runInLogContext(jobId));
		}
		finally {
			MDC.remove("client");
		}
	}

	private void runInLogContext(UUID jobId) {
		long deadline = System.nanoTime() + this.databaseOutageLimit.toNanos();
		Duration wait = Duration.ofSeconds(1);
		while (true) {
			try {
				runOnce(jobId);
				return;
			}
			catch (RuntimeException ex) {
				if (ex instanceof JobInterruptedException || !pausesJob(ex)
						|| System.nanoTime() + wait.toNanos() > deadline) {
					throw ex;
				}
				log.warn("Job {} paused: the database is unavailable ({}); resuming in {}", jobId, ex.toString(), wait);
				try {
					Thread.sleep(wait);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new JobInterruptedException("job " + jobId + " interrupted while the database was down",
							interrupted);
				}
				wait = (wait.compareTo(MAX_DATABASE_WAIT) >= 0) ? MAX_DATABASE_WAIT : wait.multipliedBy(2);
			}
		}
	}

	/**
	 * A transient database fault, or a database error that is not a permanent data or
	 * constraint error: while PostgreSQL restarts, a failed rollback on a dead connection
	 * hides the fault under a generic error.
	 */
	private static boolean pausesJob(RuntimeException ex) {
		return DatabaseFaults.isTransient(ex)
				|| DatabaseFaults.isDatabaseError(ex) && DatabaseFaults.permanentState(ex).isEmpty();
	}

	private void runOnce(UUID jobId) {
		Job job = this.jobs.findById(jobId).orElse(null);
		if (job == null || job.status().isFinished()) {
			return;
		}
		if (job.owner() != null) {
			MDC.put("client", job.owner());
		}
		if (job.cancelRequested()) {
			finish(jobId, JobStatus.CANCELLED, StopReason.CANCELLED, null);
			return;
		}
		if (this.jobs.markRunning(jobId, this.clock.instant()) == 0) {
			return;
		}
		this.events.jobChanged(jobId);
		log.info("Running job {} ({}, {} trials planned, {} done)", jobId, job.strategy().wireName(),
				job.trialsPlanned(), job.trialsDone());
		try {
			JobExecution execution = prepare(job);
			StopReason reason = execution.execute();
			if (reason != StopReason.CANCELLED) {
				reason = execution.selectFinal().orElse(reason);
			}
			if (reason != StopReason.CANCELLED) {
				execution.scoreBestOnTest();
			}
			finish(jobId, (reason == StopReason.CANCELLED) ? JobStatus.CANCELLED : JobStatus.SUCCEEDED, reason, null);
		}
		catch (JobInterruptedException ex) {
			log.warn("Job {} stopped before its end ({}); JobRunr will resume it", jobId, ex.toString());
			throw ex;
		}
		catch (CallsCancelledException ex) {
			// seen before a paid call: the calls already under way were accounted
			reconcileUsage(jobId);
			finish(jobId, JobStatus.CANCELLED, StopReason.CANCELLED, null);
		}
		catch (GenerationFailedException | CheckpointException | BlackBoxException ex) {
			if (interrupted(ex)) {
				// the worker is stopping: not the dependency's fault, the job resumes
				// elsewhere
				log.warn("Job {} interrupted during a call ({}); JobRunr will resume it", jobId, ex.getMessage());
				throw new JobInterruptedException("job " + jobId + " interrupted", ex);
			}
			reconcileUsage(jobId);
			fail(jobId, ((ex instanceof BlackBoxException) ? "Black-box evaluation failed: "
					: "Instruction generation failed: ") + ex.getMessage());
		}
		catch (RuntimeException ex) {
			if (DatabaseFaults.isTransient(ex)) {
				throw ex;
			}
			Optional<String> state = DatabaseFaults.permanentState(ex);
			if (state.isPresent()) {
				log.error("Job {} failed: the database refused its data", jobId, ex);
				reconcileUsage(jobId);
				fail(jobId, "The database refused the job's data (SQLState " + state.get() + "): " + rootMessage(ex));
			}
			else if (DatabaseFaults.isDatabaseError(ex)) {
				log.warn("Job {} stopped on a database error ({}); it resumes when the database answers", jobId,
						ex.toString());
				throw ex;
			}
			else {
				log.error("Job {} failed unexpectedly", jobId, ex);
				reconcileUsage(jobId);
				fail(jobId, "Internal error: " + ex);
			}
		}
	}

	/**
	 * Raises the job's counters to its ledger: calls paid by an evaluation that a failure
	 * or cancellation cut short count too.
	 */
	private void reconcileUsage(UUID jobId) {
		UsageTotals ledger = this.callLedger.paidBy(jobId);
		this.jobs.updateUsage(jobId, ledger.paidCalls(), 0, ledger.tokensIn(), ledger.tokensOut(), ledger.costUsd());
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.toString();
		// the first line names the problem; PostgreSQL's detail lines may quote row data
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline) : message;
	}

	private static boolean interrupted(Throwable ex) {
		if (Thread.currentThread().isInterrupted()) {
			return true;
		}
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof InterruptedException
					|| t instanceof java.io.InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)) {
				return true;
			}
		}
		return false;
	}

	private JobExecution prepare(Job job) {
		// defaults for settings added after the job was created
		JobSettings settings = job.settings();
		JobBudget budget = job.budget();
		TaskResponse task = this.tasks.get(job.taskId());
		DataSplit<LabeledExample> split = DataSplit.of(labeled(task.examples()), labeled(task.testExamples()),
				job.seed(), settings.devExamples());
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
		JobUsage usage = JobUsage.resume(jobId, budget.spending(), counted.atLeast(this.callLedger.paidBy(jobId)),
				job.judgeTotals(), () -> this.jobs.isCancelRequested(jobId));
		JobExecution.InstructionSource instructions = instructionSource(job, settings, exemplars, usage);
		JobExecution.JobSetup setup = new JobExecution.JobSetup(job.id(), job.strategy(), settings, job.seed(),
				trialLimit(settings, budget), job.blackBoxModel(), task.metric(), split.devSubset(), split.test(),
				instructions, split.beyondDevSubset(settings.finalExamples()), task.metricOptions(),
				new PromptTemplate(task.promptTemplate()));
		List<Trial> existing = this.trials.findByJobIdOrderByOrdinalAsc(job.id());
		return new JobExecution(setup, this, usage, existing);
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

	private JobExecution.InstructionSource instructionSource(Job job, JobSettings settings, List<Exemplar> exemplars,
			JobUsage usage) {
		if (job.strategy() == Strategy.APE) {
			ApeInstructionGenerator generator = this.ape.getIfAvailable();
			if (generator == null) {
				throw new GenerationFailedException(GenerationFailedException.Reason.UNAVAILABLE,
						"the APE generator is not configured", 0, null);
			}
			return new JobExecution.InstructionSource() {
				@Override
				public GeneratedInstruction generate(double[] z) {
					throw new IllegalStateException("an APE proposal is identified by its candidate's ordinal");
				}

				@Override
				public GeneratedInstruction generate(int ordinal, double[] z) {
					// one sample per (seed, candidate): distinct proposals, and a resumed
					// job gets back those it already paid for
					return generator.generate(exemplars, job.blackBoxModel(), job.seed() + "/" + ordinal, usage);
				}
			};
		}
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
		return new JobExecution.InstructionSource() {

			@Override
			public GeneratedInstruction generate(double[] z) {
				return prepared.generate(z);
			}

			@Override
			public long payloadBytes() {
				return prepared.payloadBytes();
			}

			@Override
			public String generatorModel() {
				return generatorModel;
			}

		};
	}

	private static List<LabeledExample> labeled(List<TaskResponse.Example> examples) {
		return examples.stream().map((e) -> new LabeledExample(e.input(), e.outputs())).toList();
	}

	private void fail(UUID jobId, String message) {
		log.warn("Job {} failed: {}", jobId, message);
		finish(jobId, JobStatus.FAILED, null, message);
	}

	private void finish(UUID jobId, JobStatus status, StopReason reason, String error) {
		this.jobs.finish(jobId, status, reason, error, this.clock.instant());
		this.events.jobChanged(jobId);
		log.info("Job {} finished: {} {}", jobId, status, (reason != null) ? reason : "");
	}

	@Override
	public JobObservations observations() {
		return this.observations;
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
		return this.clock;
	}

	@Override
	public GenerationPermits generationPermits() {
		return this.generationPermits;
	}

	@Override
	public boolean cancelRequested(UUID jobId) {
		return this.jobs.isCancelRequested(jobId);
	}

	@Override
	public void phase(UUID jobId, Phase phase, int iteration) {
		this.jobs.updatePhase(jobId, phase, iteration);
		this.events.jobChanged(jobId);
	}

	@Override
	public void replan(UUID jobId, int trialsPlanned) {
		this.jobs.updatePlanned(jobId, trialsPlanned);
		this.events.jobChanged(jobId);
	}

	@Override
	public void recordTrial(Trial trial, UsageTotals usage, List<ExampleAnswer> devAnswers) {
		this.recorder.record(trial, usage, devAnswers);
		this.events.trialPersisted(trial.jobId(), trial.ordinal());
	}

	@Override
	public void recordJudgeUsage(UUID jobId, JudgeTotals judge) {
		this.jobs.updateJudgeUsage(jobId, judge.calls(), judge.tokensIn(), judge.tokensOut(), judge.costUsd(),
				judge.unparsed());
	}

	@Override
	public void recordUsage(UUID jobId, UsageTotals usage) {
		this.recorder.recordUsage(jobId, usage);
	}

	@Override
	public Optional<Trial> bestTrial(UUID jobId) {
		return this.trialService.bestTrial(jobId);
	}

	@Override
	public List<Trial> topDistinctTrials(UUID jobId, int limit) {
		return this.trials.findTopDistinct(jobId, limit);
	}

	@Override
	public List<FinalCandidate> finalCandidates(UUID jobId) {
		return this.finalCandidates.findByJobIdOrderByDevRankAsc(jobId);
	}

	@Override
	public void recordFinalCandidate(FinalCandidate candidate, UsageTotals usage) {
		this.recorder.recordFinalCandidate(candidate, usage);
		this.events.jobChanged(candidate.jobId());
	}

	@Override
	public void recordFinalChoice(UUID jobId, int ordinal) {
		this.recorder.recordFinalChoice(jobId, ordinal);
		this.events.jobChanged(jobId);
	}

	public void recordTestScore(UUID jobId, int ordinal, double score, UsageTotals usage,
			List<ExampleAnswer> testAnswers) {
		this.recorder.recordTestScore(jobId, ordinal, score, testAnswers);
		this.recorder.recordUsage(jobId, usage);
		this.events.jobChanged(jobId);
	}

}
