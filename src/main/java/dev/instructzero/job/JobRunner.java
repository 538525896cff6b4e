package dev.instructzero.job;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import dev.instructzero.evaluator.BlackBoxCallRepository;
import dev.instructzero.evaluator.BlackBoxEvaluator;
import dev.instructzero.evaluator.BlackBoxException;
import dev.instructzero.evaluator.EvaluationBudget;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.evaluator.JudgeTotals;
import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.generator.ApeInstructionGenerator;
import dev.instructzero.generator.CheckpointException;
import dev.instructzero.generator.Exemplar;
import dev.instructzero.generator.GenerationFailedException;
import dev.instructzero.generator.SoftPromptGenerationRequest;
import dev.instructzero.generator.SoftPromptInstructionGenerator;
import dev.instructzero.generator.SoftPromptJobContext;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

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
 * black box) fails the job with its message, keeping every trial. A database fault or the
 * worker stopping propagates to JobRunr, which retries the job later (on any replica);
 * the retry resumes from the persisted trials.
 */
@Component
public class JobRunner implements JobExecution.JobEngineContext {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final JobRepository jobs;

	private final TaskService tasks;

	private final TrialRepository trials;

	private final TrialRecorder recorder;

	private final JobEvents events;

	private final ObjectProvider<SoftPromptInstructionGenerator> softPrompts;

	private final ObjectProvider<ApeInstructionGenerator> ape;

	private final BlackBoxEvaluator evaluator;

	private final SoftPromptSearch search;

	private final JobMetrics metrics;

	private final JsonMapper json;

	private final Clock clock;

	private final Semaphore generationPermits;

	private final TrialService trialService;

	private final FinalCandidateRepository finalCandidates;

	private final BlackBoxCallRepository callLedger;

	JobRunner(JobRepository jobs, TaskService tasks, TrialRepository trials, TrialRecorder recorder, JobEvents events,
			ObjectProvider<SoftPromptInstructionGenerator> softPrompts, ObjectProvider<ApeInstructionGenerator> ape,
			BlackBoxEvaluator evaluator, SoftPromptSearch search, JobMetrics metrics, JsonMapper json, Clock clock,
			JobsProperties properties, TrialService trialService, FinalCandidateRepository finalCandidates,
			BlackBoxCallRepository callLedger) {
		this.callLedger = callLedger;
		this.trialService = trialService;
		this.finalCandidates = finalCandidates;
		this.jobs = jobs;
		this.tasks = tasks;
		this.trials = trials;
		this.recorder = recorder;
		this.events = events;
		this.softPrompts = softPrompts;
		this.ape = ape;
		this.evaluator = evaluator;
		this.search = search;
		this.metrics = metrics;
		this.json = json;
		this.clock = clock;
		this.generationPermits = new Semaphore(properties.generationConcurrency(), true);
	}

	/** Runs or resumes a job; a no-op for a finished or unknown job. */
	@org.jobrunr.jobs.annotations.Job(name = "InstructZero job %0")
	public void run(UUID jobId) {
		Job job = this.jobs.findById(jobId).orElse(null);
		if (job == null || job.status().isFinished()) {
			return;
		}
		if (job.cancelRequested()) {
			finish(jobId, JobStatus.CANCELLED, StopReason.CANCELLED, null);
			return;
		}
		if (this.jobs.markRunning(jobId, "preparing", this.clock.instant()) == 0) {
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
		catch (JobInterruptedException | DataAccessException | CannotCreateTransactionException ex) {
			log.warn("Job {} stopped before its end ({}); JobRunr will resume it", jobId, ex.toString());
			throw ex;
		}
		catch (GenerationFailedException | CheckpointException | BlackBoxException ex) {
			if (interrupted(ex)) {
				// the worker is stopping: not the dependency's fault, the job resumes
				// elsewhere
				log.warn("Job {} interrupted during a call ({}); JobRunr will resume it", jobId, ex.getMessage());
				throw new JobInterruptedException("job " + jobId + " interrupted", ex);
			}
			fail(jobId, ((ex instanceof BlackBoxException) ? "Black-box evaluation failed: "
					: "Instruction generation failed: ") + ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Job {} failed unexpectedly", jobId, ex);
			fail(jobId, "Internal error: " + ex);
		}
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
		JobSettings settings = this.json.readValue(job.settingsJson(), JobSettings.class)
			.withDefaults(job.strategy(), job.seed());
		JobBudget budget = this.json.readValue(job.budgetJson(), JobBudget.class);
		TaskResponse task = this.tasks.get(job.taskId());
		DataSplit<LabeledExample> split = DataSplit.of(labeled(task.examples()), labeled(task.testExamples()),
				job.seed(), settings.devExamples());
		List<Exemplar> exemplars = split.exemplarPool()
			.stream()
			.limit(settings.exemplars())
			.map((e) -> new Exemplar(e.input(), e.outputs().get(0)))
			.toList();
		JobExecution.InstructionSource instructions = instructionSource(job, settings, exemplars);
		JobExecution.JobSetup setup = new JobExecution.JobSetup(job.id(), job.strategy(), settings, job.seed(),
				(budget.maxTrials() != null) ? budget.maxTrials() : Integer.MAX_VALUE, job.blackBoxModel(),
				task.metric(), split.devSubset(), split.test(), instructions,
				split.beyondDevSubset(settings.finalExamples()), task.metricOptions(),
				new PromptTemplate(task.promptTemplate()));
		// calls paid just before a crash are in the call ledger but maybe not yet in the
		// job's counters: they count against the budget all the same
		UsageTotals counted = new UsageTotals(job.paidCalls(), job.cacheHits(), job.tokensIn(), job.tokensOut(),
				job.costUsd());
		JobUsage usage = JobUsage.resume(job.id(),
				new EvaluationBudget(budget.maxBlackBoxCalls(), budget.maxTokens(), budget.maxCostUsd()),
				counted.atLeast(this.callLedger.paidBy(job.id())), job.judgeTotals());
		List<Trial> existing = this.trials.findByJobIdOrderByOrdinalAsc(job.id());
		return new JobExecution(setup, this, usage, existing);
	}

	private JobExecution.InstructionSource instructionSource(Job job, JobSettings settings, List<Exemplar> exemplars) {
		if (job.strategy() == Strategy.APE) {
			ApeInstructionGenerator generator = this.ape.getIfAvailable();
			if (generator == null) {
				throw new GenerationFailedException(GenerationFailedException.Reason.UNAVAILABLE,
						"the APE generator is not configured", 0, null);
			}
			return (z) -> generator.generate(exemplars, job.blackBoxModel());
		}
		SoftPromptInstructionGenerator generator = this.softPrompts.getIfAvailable();
		if (generator == null) {
			throw new GenerationFailedException(GenerationFailedException.Reason.UNAVAILABLE,
					"the vLLM soft-prompt generator is not configured", 0, null);
		}
		SoftPromptJobContext context = generator.prepare(job.seed(), settings.softPromptTokens(),
				settings.intrinsicDim(), exemplars, settings.style());
		return (z) -> generator.generate(new SoftPromptGenerationRequest(z, context));
	}

	private static List<LabeledExample> labeled(List<TaskResponse.Example> examples) {
		return examples.stream().map((e) -> new LabeledExample(e.input(), e.outputs())).toList();
	}

	private void fail(UUID jobId, String message) {
		log.warn("Job {} failed: {}", jobId, message);
		finish(jobId, JobStatus.FAILED, null, message);
	}

	private void finish(UUID jobId, JobStatus status, StopReason reason, String error) {
		String phase = switch (status) {
			case SUCCEEDED -> "done";
			case CANCELLED -> "cancelled";
			default -> "failed";
		};
		this.jobs.finish(jobId, status.name(), (reason != null) ? reason.name() : null, error, phase,
				this.clock.instant());
		this.events.jobChanged(jobId);
		log.info("Job {} finished: {} {}", jobId, status, (reason != null) ? reason : "");
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
	public Semaphore generationPermits() {
		return this.generationPermits;
	}

	@Override
	public boolean cancelRequested(UUID jobId) {
		return this.jobs.isCancelRequested(jobId);
	}

	@Override
	public void phase(UUID jobId, String phase, int iteration) {
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
