package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.instructzero.evaluator.BlackBoxEvaluator;
import dev.instructzero.evaluator.EvaluatorProperties;
import dev.instructzero.evaluator.JobBudget;
import dev.instructzero.generator.CheckpointException;
import dev.instructzero.generator.Exemplar;
import dev.instructzero.generator.GeneratorModels;
import dev.instructzero.generator.GeneratorProperties;
import dev.instructzero.generator.SoftPromptGenerator;
import dev.instructzero.sandbox.SimulatedWorld;
import dev.instructzero.task.Task;
import dev.instructzero.task.Metric;
import dev.instructzero.task.TaskService;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialService;
import dev.instructzero.web.Caller;
import dev.instructzero.web.ConflictException;
import dev.instructzero.web.FieldViolation;
import dev.instructzero.web.InvalidRequestException;
import dev.instructzero.web.NotConfiguredException;
import dev.instructzero.web.NotFoundException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/** Creates, reads and cancels optimisation jobs. */
@Service
public class JobService {

	private final JobRepository jobs;

	private final TaskService tasks;

	private final EvaluatorProperties evaluator;

	private final GeneratorProperties generator;

	private final Clock clock;

	private final SecureRandom seeds = new SecureRandom();

	private final ObjectProvider<JobLauncher> launcher;

	private final ObjectProvider<JobEvents> events;

	private final BlackBoxEvaluator blackBox;

	private final TrialService trials;

	private final JobsProperties limits;

	private final GeneratorModels generators;

	private final DefaultBudgetProperties defaultBudget;

	private final ClientQuotas quotas;

	private final JobCallbacks callbacks;

	private final ObjectProvider<SimulatedWorld> sandbox;

	JobService(JobRepository jobs, TaskService tasks, EvaluatorProperties evaluator, GeneratorProperties generator,
			BlackBoxEvaluator blackBox, Clock clock, ObjectProvider<JobLauncher> launcher,
			ObjectProvider<JobEvents> events, TrialService trials, JobsProperties limits, GeneratorModels generators,
			DefaultBudgetProperties defaultBudget, ClientQuotas quotas, JobCallbacks callbacks,
			ObjectProvider<SimulatedWorld> sandbox) {
		this.sandbox = sandbox;
		this.limits = limits;
		this.generators = generators;
		this.callbacks = callbacks;
		this.defaultBudget = defaultBudget;
		this.quotas = quotas;
		this.trials = trials;
		this.launcher = launcher;
		this.events = events;
		this.blackBox = blackBox;
		this.jobs = jobs;
		this.tasks = tasks;
		this.evaluator = evaluator;
		this.generator = generator;
		this.clock = clock;
	}

	/**
	 * Validates and stores a new QUEUED job, creating its inline task if one is given.
	 * @throws InvalidRequestException for bad content, {@link NotConfiguredException}
	 * when the strategy needs a component the service has not been configured with
	 */
	@Transactional
	public JobResponse create(CreateJobRequest request) {
		Strategy strategy = (request.strategy() != null) ? request.strategy() : Strategy.INSTRUCTZERO;
		String model = StringUtils.hasText(request.blackBoxModel()) ? request.blackBoxModel()
				: this.evaluator.defaultModel();
		JobSettings requested = (request.settings() != null) ? request.settings()
				: new JobSettings(null, null, null, null, null, null, null, null, null, null, null, null, null);
		JobBudget requestedBudget = request.budget();
		boolean spendLimit = requestedBudget != null
				&& (requestedBudget.maxBlackBoxCalls() != null || requestedBudget.maxCostUsd() != null);
		List<FieldViolation> violations = new ArrayList<>();
		if (requested.iterations() == null && requested.untilBudget() == null && spendLimit) {
			// no iterations, a spending limit: propose batches until it is spent
			requested = requested.untilBudgetSpent();
		}
		else if (requested.runsUntilBudget() && requested.iterations() != null) {
			violations.add(new FieldViolation("settings.untilBudget", "give either iterations or untilBudget"));
		}
		else if (requested.runsUntilBudget() && !spendLimit) {
			violations
				.add(new FieldViolation("settings.untilBudget", "needs budget.maxBlackBoxCalls or budget.maxCostUsd"));
		}
		violations.addAll(racingViolations(requested));
		JobSettings settings = requested.withDefaults(strategy, this.seeds.nextLong());
		// the limits a request leaves out come from the configured default budget
		JobBudget budget = this.defaultBudget.fill(request.budget());

		if ((request.taskId() == null) == (request.task() == null)) {
			violations.add(new FieldViolation("taskId", "give exactly one of 'taskId' or 'task'"));
		}
		if (!this.evaluator.allows(model)) {
			violations.add(new FieldViolation("blackBoxModel",
					"model '" + model + "' is not allowed; allowed: " + allowedModels()));
		}
		if (settings.plannedTrials() > JobSettings.MAX_PLANNED_TRIALS) {
			violations.add(new FieldViolation("settings", "initialTrials + iterations × batchSize must be at most "
					+ JobSettings.MAX_PLANNED_TRIALS + " (is " + settings.plannedTrials() + ")"));
		}
		// a budget-driven job stops at the limit instead (see JobRunner)
		int gpPoints = settings.runsUntilBudget() ? settings.initialTrials()
				: settings.initialTrials() + settings.iterations() * settings.generationCap();
		if (strategy == Strategy.INSTRUCTZERO && gpPoints > this.limits.maxGpPoints()) {
			violations.add(new FieldViolation("settings",
					"the Gaussian process is fitted over every trial, replacements of duplicates included: "
							+ "initialTrials + iterations × maxGenerationsPerBatch must be at most "
							+ this.limits.maxGpPoints() + " (instructzero.jobs.max-gp-points) for strategy "
							+ "'instructzero' (is " + gpPoints + ")"));
		}
		if (settings.generationCap() < settings.batchSize()) {
			violations.add(new FieldViolation("settings.maxGenerationsPerBatch",
					"must be at least batchSize (" + settings.batchSize() + ")"));
		}
		if (request.callbackUrl() != null) {
			this.callbacks.checkUrl(request.callbackUrl(), Caller.current()).ifPresent(violations::add);
		}
		if (StringUtils.hasText(request.generatorModel()) && !this.generators.contains(request.generatorModel())) {
			violations.add(new FieldViolation("generatorModel", "generator '" + request.generatorModel()
					+ "' is not configured; configured: "
					+ (this.generators.isConfigured() ? String.join(", ", this.generators.names())
							: "none (instructzero.generator.vllm.* or instructzero.generator.models[<name>].*)")));
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequestException("Invalid request content.", violations);
		}
		List<FieldViolation> missing = missingComponents(strategy);
		if (!missing.isEmpty()) {
			throw new NotConfiguredException(
					"Strategy '" + strategy.wireName() + "' needs components this service is not configured with.",
					missing);
		}

		Task task = (request.taskId() != null) ? this.tasks.find(existingTask(request.taskId()))
				: this.tasks.create(Objects.requireNonNull(request.task(), "checked above"), "task.");
		if (task.exampleCount() < 2) {
			throw InvalidRequestException.badField(request.taskId() != null ? "taskId" : "task.examples",
					"a job needs a task with at least 2 examples (half become exemplars, the rest dev examples)");
		}
		if (task.metric() == Metric.LLM_JUDGE && !this.evaluator.allows(task.metricOptions().judgeModel())) {
			throw InvalidRequestException
				.badField((request.taskId() != null) ? "taskId" : "task.metricOptions.judgeModel", "judge model '"
						+ task.metricOptions().judgeModel() + "' is not allowed; allowed: " + allowedModels());
		}
		String generatorModel = null;
		if (strategy.needsSoftPromptGenerator()) {
			generatorModel = StringUtils.hasText(request.generatorModel()) ? request.generatorModel()
					: this.generators.defaultName().orElseThrow();
			refuseOversizedPromptEmbeds(settings, task, generatorModel);
		}
		Caller caller = Caller.current();
		budget = this.quotas.admit(caller, budget);
		int planned = settings.plannedTrials();
		if (budget.maxTrials() != null) {
			planned = Math.min(planned, budget.maxTrials());
		}
		Job job = new Job(UUID.randomUUID(), task.id(), strategy, model, settings, budget, settings.seed(), planned,
				this.clock.instant());
		job.ownedBy(caller.name());
		job.callBackTo(request.callbackUrl());
		if (this.sandbox.getIfAvailable() != null) {
			job.markSimulated();
		}
		job.generatedBy(generatorModel);
		// written now, not at commit: a caller's SQL in the same transaction (a study's
		// rows) may refer to the job
		Job saved = this.jobs.saveAndFlush(job);
		this.launcher.getObject().launchAfterCommit(saved.id());
		return toResponse(saved);
	}

	/** Racing stages must grow strictly. */
	private static List<FieldViolation> racingViolations(JobSettings settings) {
		List<Integer> stages = settings.racingStages();
		if (stages == null) {
			return List.of();
		}
		for (int i = 0; i < stages.size(); i++) {
			if (stages.get(i) == null || (i > 0 && stages.get(i) <= stages.get(i - 1))) {
				return List.of(new FieldViolation("settings.racingStages",
						"must be strictly increasing numbers of dev examples, e.g. [5, 10]"));
			}
		}
		return List.of();
	}

	/**
	 * Refuses a job whose generation requests would carry more than
	 * {@code max-prompt-embeds-bytes}, estimated on the task's longest examples (the
	 * exemplars are drawn at random). Skipped while the checkpoint cannot be read: the
	 * job then fails with that reason when it starts.
	 */
	private void refuseOversizedPromptEmbeds(JobSettings settings, Task task, String generatorModel) {
		SoftPromptGenerator generator = this.generators.generator(generatorModel).orElse(null);
		if (generator == null) {
			return;
		}
		List<Exemplar> longest = task.trainExamples()
			.stream()
			.map((e) -> new Exemplar(e.input(), e.outputs().get(0)))
			.sorted(Comparator.comparingInt((Exemplar e) -> e.input().length() + e.output().length()).reversed())
			.limit(settings.exemplars())
			.toList();
		long bytes;
		try {
			bytes = generator.estimatePayloadBytes(settings.softPromptTokens(), settings.style(), longest);
		}
		catch (CheckpointException ex) {
			return;
		}
		long max = this.limits.maxPromptEmbedsBytes().toBytes();
		if (bytes > max) {
			throw new InvalidRequestException("Invalid request content.", List
				.of(new FieldViolation("settings.exemplars", "each generation request would carry about "
						+ bytes / (1024 * 1024) + " MiB of prompt embeddings (" + settings.exemplars()
						+ " exemplars of up to " + (longest.get(0).input().length() + longest.get(0).output().length())
						+ " characters), above the " + max / (1024 * 1024)
						+ " MiB this service accepts (instructzero.jobs.max-prompt-embeds-bytes); use fewer or shorter exemplars")));
		}
	}

	private UUID existingTask(UUID taskId) {
		if (!this.tasks.visibleToCaller(taskId)) {
			throw new NotFoundException("Task " + taskId + " does not exist.");
		}
		return taskId;
	}

	private String allowedModels() {
		List<String> allowed = new ArrayList<>();
		allowed.add(this.evaluator.defaultModel());
		this.evaluator.allowedModels().stream().filter((m) -> !allowed.contains(m)).forEach(allowed::add);
		return String.join(", ", allowed);
	}

	/** The configuration properties a strategy needs and this service lacks. */
	List<FieldViolation> missingComponents(Strategy strategy) {
		List<FieldViolation> missing = new ArrayList<>();
		if (!this.blackBox.isConfigured()) {
			missing.add(new FieldViolation("spring.ai.openai.api-key",
					"the black-box LLM endpoint is not configured (set spring.ai.openai.api-key / OPENAI_API_KEY, "
							+ "or spring.ai.openai.base-url for an OpenAI-compatible server without a key)"));
		}
		if (strategy.needsSoftPromptGenerator() && !this.generators.isConfigured()) {
			GeneratorProperties.Vllm vllm = this.generator.vllm();
			if (!StringUtils.hasText(vllm.baseUrl())) {
				missing.add(new FieldViolation("instructzero.generator.vllm.base-url",
						"the vLLM server is not configured"));
			}
			if (!StringUtils.hasText(vllm.model())) {
				missing
					.add(new FieldViolation("instructzero.generator.vllm.model", "the vLLM model is not configured"));
			}
			if (this.generator.checkpointDir() == null) {
				missing.add(new FieldViolation("instructzero.generator.checkpoint-dir",
						"the checkpoint directory served by vLLM is not configured"));
			}
		}
		return missing;
	}

	/**
	 * @throws NotFoundException if there is no such job
	 */
	@Transactional(readOnly = true)
	public JobResponse get(UUID id) {
		return toResponse(find(id));
	}

	/**
	 * @throws NotFoundException if there is no such job
	 */
	@Transactional(readOnly = true)
	public Job find(UUID id) {
		return this.jobs.findById(id).orElseThrow(() -> new NotFoundException("Job " + id + " does not exist."));
	}

	@Transactional(readOnly = true)
	public Page<JobResponse> list(@Nullable JobStatus status, Pageable pageable) {
		Caller caller = Caller.current();
		Page<Job> page;
		if (caller.admin()) {
			page = (status != null) ? this.jobs.findByStatus(status, pageable) : this.jobs.findAll(pageable);
		}
		else {
			page = (status != null) ? this.jobs.findByOwnerAndStatus(caller.name(), status, pageable)
					: this.jobs.findByOwner(caller.name(), pageable);
		}
		return page.map(this::toResponse);
	}

	/**
	 * Cancels a job; a running one stops before its next paid call.
	 * @throws ConflictException if the job has already finished
	 */
	@Transactional
	public JobResponse cancel(UUID id) {
		Job job = find(id);
		if (this.jobs.requestCancel(id, this.clock.instant()) == 0) {
			throw new ConflictException("Job " + id + " has already finished with status " + job.status() + ".");
		}
		// NOTIFY is transactional: streams hear of the cancellation when it commits
		this.events.getObject().jobChanged(id);
		return toResponse(find(id));
	}

	/**
	 * Continues a FAILED or CANCELLED job from its persisted trials, with the same seed:
	 * the candidates already scored are kept, and calls already paid are served from the
	 * call cache. A job that ended on its budget is SUCCEEDED and stays so.
	 * @throws ConflictException if the job is QUEUED, RUNNING or SUCCEEDED
	 */
	@Transactional
	public JobResponse resume(UUID id) {
		Job job = find(id);
		if (this.jobs.requestResume(id) == 0) {
			throw new ConflictException(
					"Job " + id + " is " + job.status() + "; only a FAILED or CANCELLED job can be resumed.");
		}
		this.launcher.getObject().launchAfterCommit(id);
		this.events.getObject().jobChanged(id);
		return toResponse(find(id));
	}

	/**
	 * Deletes a finished job with its trials.
	 * @throws NotFoundException if there is no such job
	 * @throws ConflictException if the job is still QUEUED or RUNNING
	 */
	@Transactional
	public void delete(UUID id) {
		Job job = find(id);
		if (this.jobs.deleteFinished(id) == 0) {
			throw new ConflictException("Job " + id + " is " + job.status() + "; cancel it first.");
		}
	}

	/**
	 * Deletes a task with all its jobs and their trials.
	 * @throws NotFoundException if there is no such task
	 * @throws ConflictException if one of its jobs is still QUEUED or RUNNING
	 */
	@Transactional
	public void deleteTask(UUID taskId) {
		existingTask(taskId);
		long unfinished = this.jobs.countUnfinishedByTask(taskId);
		if (unfinished > 0) {
			throw new ConflictException(
					"Task " + taskId + " has " + unfinished + " QUEUED or RUNNING job(s); cancel them first.");
		}
		this.jobs.deleteByTask(taskId);
		this.tasks.delete(taskId);
	}

	JobResponse toResponse(Job job) {
		Trial best = this.trials.bestTrial(job.id()).orElse(null);
		JobSettings settings = job.settings();
		JobResponse.Progress progress = new JobResponse.Progress(job.trialsDone(), job.trialsPlanned(),
				settings.runsUntilBudget(), job.currentIteration(),
				(job.phase() != null) ? job.phase().wireName() : null, (best != null) ? best.devScore() : null,
				(best != null) ? best.ordinal() : null, job.paidCalls(), job.cacheHits(), job.tokensIn(),
				job.tokensOut(), job.costUsd(), job.judgeTotals().calls(), job.judgeTotals().tokensIn(),
				job.judgeTotals().tokensOut(), job.judgeTotals().costUsd(), job.judgeTotals().unparsed(),
				this.trials.stoppedEarly(job.id()), this.trials.callsSavedByRacing(job.id()));
		return new JobResponse(job.id(), job.status(), job.stopReason(), job.strategy(), job.taskId(),
				job.blackBoxModel(), settings, job.budget(), progress, job.errorMessage(), job.createdAt(),
				job.startedAt(), job.finishedAt(), job.owner(), this.callbacks.state(job),
				(job.strategy().needsSoftPromptGenerator()) ? this.generators.resolve(job.generatorModel()).orElse(null)
						: null,
				job.simulated());
	}

}
