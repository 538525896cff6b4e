package dev.instructzero.transfer;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.instructzero.evaluator.BlackBoxEvaluator;
import dev.instructzero.evaluator.BlackBoxException;
import dev.instructzero.evaluator.BudgetExhaustedException;
import dev.instructzero.evaluator.Evaluation;
import dev.instructzero.evaluator.EvaluationRequest;
import dev.instructzero.evaluator.EvaluatorProperties;
import dev.instructzero.evaluator.JobBudget;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.job.TransferableJobs;
import dev.instructzero.task.DataSplit;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.PromptTemplate;
import dev.instructzero.task.TaskResponse;
import dev.instructzero.task.TaskService;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialRepository;
import dev.instructzero.web.Caller;
import dev.instructzero.web.ConflictException;
import dev.instructzero.web.FieldViolation;
import dev.instructzero.web.InvalidRequestException;
import dev.instructzero.web.NotConfiguredException;
import dev.instructzero.web.UpstreamFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Transfer of a finished job's instructions to other black-box models: its top-k distinct
 * instructions by dev score, each scored with each requested model on the task's test
 * examples (the job's dev pool when the task has none), through the job's evaluator path
 * (cache, concurrency and rate limits, retries, paid-call ledger under the job).
 * <p>
 * Synchronous, with limits: the scoring runs inside the request, which is refused when it
 * could need more than {@code instructzero.transfer.max-calls} calls; each scored cell is
 * stored at once, so a request cut short (budget, a failing model, a dropped connection)
 * is completed by sending it again, paying only for the cells still missing. What a
 * transfer pays is added to the job's usage (and so to its client's spend).
 */
@Service
class TransferService {

	private static final Logger log = LoggerFactory.getLogger(TransferService.class);

	static final String TEST = "test";

	static final String DEV = "dev";

	private final TransferableJobs jobs;

	private final TaskService tasks;

	private final TrialRepository trials;

	private final TransferScoreRepository scores;

	private final BlackBoxEvaluator evaluator;

	private final EvaluatorProperties evaluatorProperties;

	private final TransferProperties limits;

	TransferService(TransferableJobs jobs, TaskService tasks, TrialRepository trials, TransferScoreRepository scores,
			BlackBoxEvaluator evaluator, EvaluatorProperties evaluatorProperties, TransferProperties limits) {
		this.jobs = jobs;
		this.tasks = tasks;
		this.trials = trials;
		this.scores = scores;
		this.evaluator = evaluator;
		this.evaluatorProperties = evaluatorProperties;
		this.limits = limits;
	}

	/**
	 * Scores the cells of the request not scored yet and answers the request's table.
	 * @throws InvalidRequestException 400 naming the field for a model not allowed, too
	 * many models or a request above {@code max-calls}
	 * @throws ConflictException while the job is QUEUED or RUNNING, or when it has no
	 * instruction
	 */
	TransferResponse transfer(UUID jobId, TransferRequest request) {
		TransferableJobs.Source job = this.jobs.find(jobId);
		List<String> models = request.models().stream().distinct().toList();
		List<FieldViolation> violations = new ArrayList<>();
		for (int i = 0; i < request.models().size(); i++) {
			String model = request.models().get(i);
			if (!this.evaluatorProperties.allows(model)) {
				violations.add(new FieldViolation("models[" + i + "]", "model '" + model
						+ "' is not allowed (instructzero.evaluator.default-model or allowed-models)"));
			}
		}
		if (models.size() > this.limits.maxModels()) {
			violations.add(new FieldViolation("models",
					"at most " + this.limits.maxModels() + " models per request (instructzero.transfer.max-models)"));
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequestException("Invalid request content.", violations);
		}
		if (!job.status().isFinished()) {
			throw new ConflictException("Job " + jobId + " is " + job.status()
					+ "; its instructions can be transferred once it has finished.");
		}
		if (!this.evaluator.isConfigured()) {
			throw new NotConfiguredException("The black box is not configured.", List
				.of(new FieldViolation("spring.ai.openai.api-key", "the black-box endpoint is not configured")));
		}
		Examples examples = examples(job);
		List<Trial> instructions = this.trials.findTopDistinct(jobId, request.topKOrDefault());
		if (instructions.isEmpty()) {
			throw new ConflictException("Job " + jobId + " has no trial with an instruction to transfer.");
		}
		long worstCase = (long) instructions.size() * models.size() * examples.examples().size();
		if (worstCase > this.limits.maxCalls()) {
			throw InvalidRequestException.badField("topK", instructions.size() + " instructions × " + models.size()
					+ " models × " + examples.examples().size() + " examples = " + worstCase + " calls, above the "
					+ this.limits.maxCalls()
					+ " one request may make (instructzero.transfer.max-calls); ask for fewer instructions or models");
		}
		TransferRequest.Budget asked = (request.budget() != null) ? request.budget()
				: new TransferRequest.Budget(null, null, null);
		BigDecimal maxCost = this.jobs.costCap(Caller.current(), asked.maxCostUsd());
		JobUsage usage = JobUsage.start(jobId,
				new JobBudget(null, asked.maxBlackBoxCalls(), asked.maxTokens(), maxCost));

		Map<String, TransferScoreRepository.Stored> done = new HashMap<>();
		this.scores.find(jobId, examples.split()).forEach((s) -> done.put(key(s.ordinal(), s.model()), s));
		@Nullable String stoppedBy = null;
		try {
			cells: for (Trial instruction : instructions) {
				for (String model : models) {
					if (done.containsKey(key(instruction.ordinal(), model))) {
						continue;
					}
					try {
						Evaluation evaluation = this.evaluator.evaluate(new EvaluationRequest(model,
								instruction.instruction(), examples.examples(), examples.task().metric(),
								examples.task().metricOptions(), new PromptTemplate(examples.task().promptTemplate())),
								usage);
						TransferScoreRepository.Stored stored = new TransferScoreRepository.Stored(
								instruction.ordinal(), model, evaluation.score(), examples.examples().size(),
								evaluation.paidCalls(), evaluation.cacheHits(), evaluation.tokensIn(),
								evaluation.tokensOut(), evaluation.costUsd());
						this.scores.insert(jobId, examples.split(), stored);
						done.put(key(instruction.ordinal(), model), stored);
					}
					catch (BudgetExhaustedException ex) {
						stoppedBy = ex.limit().name();
						log.info("Transfer of job {} stopped by its budget ({})", jobId, ex.limit());
						break cells;
					}
				}
			}
		}
		catch (BlackBoxException ex) {
			throw new UpstreamFailureException(
					"Black-box evaluation failed (the cells scored so far are kept): " + ex.getMessage(), ex);
		}
		finally {
			// every call this request paid, cells cut short included, belongs to the job
			UsageTotals paid = usage.totals();
			if (paid.paidCalls() > 0 || paid.cacheHits() > 0) {
				this.jobs.addUsage(jobId, paid);
			}
		}
		UsageTotals paid = usage.totals();
		return table(jobId, examples, instructions, models, done, new TransferResponse.Usage(paid.paidCalls(),
				paid.cacheHits(), paid.tokensIn(), paid.tokensOut(), paid.costUsd()), stoppedBy);
	}

	/** Every transfer of the job so far, for its top instructions. */
	TransferResponse stored(UUID jobId) {
		TransferableJobs.Source job = this.jobs.find(jobId);
		Examples examples = examples(job);
		List<TransferScoreRepository.Stored> stored = this.scores.find(jobId, examples.split());
		List<String> models = stored.stream().map(TransferScoreRepository.Stored::model).distinct().toList();
		Map<String, TransferScoreRepository.Stored> done = new HashMap<>();
		stored.forEach((s) -> done.put(key(s.ordinal(), s.model()), s));
		List<Trial> instructions = this.trials.findTopDistinct(jobId, Integer.MAX_VALUE)
			.stream()
			.filter((t) -> stored.stream().anyMatch((s) -> s.ordinal() == t.ordinal()))
			.toList();
		long calls = 0;
		long hits = 0;
		long in = 0;
		long out = 0;
		BigDecimal cost = BigDecimal.ZERO;
		for (TransferScoreRepository.Stored s : stored) {
			calls += s.paidCalls();
			hits += s.cacheHits();
			in += s.tokensIn();
			out += s.tokensOut();
			cost = cost.add(s.costUsd());
		}
		return table(jobId, examples, instructions, models, done,
				new TransferResponse.Usage(calls, hits, in, out, cost), null);
	}

	private static TransferResponse table(UUID jobId, Examples examples, List<Trial> instructions, List<String> models,
			Map<String, TransferScoreRepository.Stored> done, TransferResponse.Usage usage,
			@Nullable String stoppedBy) {
		List<TransferResponse.Row> rows = new ArrayList<>();
		for (Trial instruction : instructions) {
			Map<String, TransferResponse.Cell> cells = new LinkedHashMap<>();
			for (String model : models) {
				TransferScoreRepository.Stored s = done.get(key(instruction.ordinal(), model));
				if (s != null) {
					cells.put(model, new TransferResponse.Cell(s.score(), s.paidCalls(), s.cacheHits(), s.tokensIn(),
							s.tokensOut(), s.costUsd()));
				}
			}
			rows.add(new TransferResponse.Row(instruction.ordinal(), instruction.instruction(), instruction.devScore(),
					instruction.instructionTokens(), cells));
		}
		return new TransferResponse(jobId, examples.split(), examples.examples().size(), models, rows, usage,
				stoppedBy);
	}

	/**
	 * The task's test examples, else the job's dev pool (the same split as the job's).
	 */
	private Examples examples(TransferableJobs.Source job) {
		TaskResponse task = this.tasks.get(job.taskId());
		List<LabeledExample> test = labeled(task.testExamples());
		DataSplit<LabeledExample> split = DataSplit.of(labeled(task.examples()), test, job.seed(), job.devExamples());
		return split.test().isEmpty() ? new Examples(DEV, split.devPool(), task)
				: new Examples(TEST, split.test(), task);
	}

	private static List<LabeledExample> labeled(List<TaskResponse.Example> examples) {
		return examples.stream().map((e) -> new LabeledExample(e.input(), e.outputs())).toList();
	}

	private static String key(int ordinal, String model) {
		return ordinal + "\u0000" + model;
	}

	/** The examples of a transfer and the task they belong to. */
	private record Examples(String split, List<LabeledExample> examples, TaskResponse task) {
	}

}
