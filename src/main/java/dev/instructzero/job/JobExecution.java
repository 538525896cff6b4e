package dev.instructzero.job;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.instructzero.bo.BetaPosterior;
import dev.instructzero.evaluator.BudgetExhaustedException;
import dev.instructzero.evaluator.Evaluation;
import dev.instructzero.evaluator.EvaluationRequest;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.generator.GeneratedInstruction;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.Metric;
import dev.instructzero.trial.FinalCandidate;
import dev.instructzero.task.MetricOptions;
import dev.instructzero.task.PromptTemplate;
import dev.instructzero.trial.ExampleAnswer;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialOrigin;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one job: walks the job's plan (initial design, then batches of proposals,
 * each followed by replacements of proposals whose instruction was already known), skips
 * the trials already persisted, and scores the rest. Everything random derives from the
 * job's seed, so a run that resumes after a crash proposes the same points as one that
 * never stopped.
 */
final class JobExecution {

	private static final Logger log = LoggerFactory.getLogger(JobExecution.class);

	private final JobSetup setup;

	private final JobEngineContext engine;

	private final JobUsage usage;

	private final Map<Integer, Trial> persisted = new ConcurrentHashMap<>();

	// normalised instruction → its scores: a job never pays twice for the same
	// instruction
	private final Map<String, CompletableFuture<Scored>> scoredInstructions = new ConcurrentHashMap<>();

	private final AtomicReference<StopReason> stop = new AtomicReference<>();

	JobExecution(JobSetup setup, JobEngineContext engine, JobUsage usage, List<Trial> existing) {
		this.setup = setup;
		this.engine = engine;
		this.usage = usage;
		for (Trial trial : existing) {
			this.persisted.put(trial.ordinal(), trial);
			if (!trial.duplicate()) {
				// a stopped-early instruction keeps its partial scores: never scored
				// again
				this.scoredInstructions.putIfAbsent(trial.instruction(), CompletableFuture
					.completedFuture(new Scored(trial.devScore(), trial.exampleScores(), trial.stoppedEarly())));
			}
		}
	}

	/** Runs the plan to its end, or until a budget or a cancellation stops it. */
	StopReason execute() {
		try {
			return walkPlan();
		}
		finally {
			// calls paid by evaluations that a stop cut short belong to the job's totals
			// too
			this.engine.recordUsage(this.setup.jobId(), this.usage.totals());
			recordJudgeUsage();
		}
	}

	/**
	 * Walks the plan in rounds. Iteration 0 (the initial design) is one round of
	 * initialTrials; every later iteration starts with a round of batchSize proposals.
	 * For instructzero, a proposal whose instruction the job had already scored is a
	 * duplicate (a generation, no black-box call): further rounds propose replacements,
	 * conditioned on every trial so far, until the iteration has batchSize new
	 * instructions or has generated maxGenerationsPerBatch. Ordinals are contiguous: a
	 * round follows the previous one, so an iteration's length depends on the data. A
	 * resumed run rebuilds the same rounds from the persisted trials (the same trials
	 * give the same proposals and the same count of new instructions) and runs only the
	 * missing ordinals.
	 */
	private StopReason walkPlan() {
		JobSettings settings = this.setup.settings();
		int limit = this.setup.trialLimit();
		int start = 0;
		boolean untilBudget = settings.runsUntilBudget();
		for (int iteration = 0; untilBudget || iteration <= settings.iterations(); iteration++) {
			int quota = (iteration == 0) ? settings.initialTrials() : settings.batchSize();
			boolean replaces = iteration > 0 && this.setup.strategy() == Strategy.INSTRUCTZERO;
			int cap = replaces ? Math.max(quota, settings.generationCap()) : quota;
			int generated = 0;
			int fresh = 0;
			for (int round = 0; fresh < quota && generated < cap; round++) {
				int size = (round == 0) ? quota : Math.min(quota - fresh, cap - generated);
				Batch batch = new Batch(iteration, round, start + generated, size, start);
				if (batch.start() >= limit) {
					return StopReason.BUDGET;
				}
				StopReason stopped = runRound(batch, limit);
				if (stopped != null) {
					return stopped;
				}
				if (batch.end() > limit) {
					return StopReason.BUDGET;
				}
				for (int ordinal = batch.start(); ordinal < batch.end(); ordinal++) {
					Trial trial = this.persisted.get(ordinal);
					fresh += (trial != null && !trial.duplicate()) ? 1 : 0;
				}
				generated += size;
				if (!replaces) {
					break;
				}
			}
			start += generated;
		}
		return StopReason.COMPLETED;
	}

	/** Scores the missing trials of one round; a stop reason if the job must stop. */
	private StopReason runRound(Batch batch, int limit) {
		List<Integer> missing = new ArrayList<>();
		for (int ordinal = batch.start(); ordinal < Math.min(batch.end(), limit); ordinal++) {
			if (!this.persisted.containsKey(ordinal)) {
				missing.add(ordinal);
			}
		}
		if (missing.isEmpty()) {
			return null;
		}
		if (this.engine.cancelRequested(this.setup.jobId())) {
			return StopReason.CANCELLED;
		}
		JobSettings settings = this.setup.settings();
		if (settings.runsUntilBudget()) {
			// no fixed plan: it reaches as far as the round being run
			this.engine.replan(this.setup.jobId(), Math.min(batch.end(), limit));
		}
		else if (batch.round() > 0) {
			// the replacements lengthen the plan: trialsPlanned = this round's end + the
			// remaining iterations' nominal batches
			long planned = batch.end() + (long) (settings.iterations() - batch.iteration()) * settings.batchSize();
			this.engine.replan(this.setup.jobId(), (int) Math.min(planned, limit));
		}
		this.engine.phase(this.setup.jobId(), phaseOf(batch), batch.iteration());
		List<double[]> points = pointsOf(batch);
		if (this.stop.get() != null) {
			return this.stop.get();
		}
		runBatch(batch, missing, points, incumbentBefore(batch.start()));
		return this.stop.get();
	}

	private Phase phaseOf(Batch batch) {
		if (this.setup.strategy() != Strategy.INSTRUCTZERO) {
			return Phase.BASELINE;
		}
		return (batch.iteration() == 0) ? Phase.INITIAL_DESIGN : Phase.BAYESIAN_OPTIMISATION;
	}

	/** The soft prompts of a batch, indexed from the batch's start; null for APE. */
	private List<double[]> pointsOf(Batch batch) {
		JobSettings settings = this.setup.settings();
		int d = settings.intrinsicDim();
		return switch (this.setup.strategy()) {
			case APE -> null;
			case RANDOM -> {
				List<double[]> points = new ArrayList<>();
				for (int ordinal = batch.start(); ordinal < batch.end(); ordinal++) {
					points.add(uniformPoint(this.setup.seed(), ordinal, d));
				}
				yield points;
			}
			case INSTRUCTZERO -> {
				if (batch.iteration() == 0) {
					yield this.engine.search().initialDesign(batch.size(), d, this.setup.seed());
				}
				this.engine.phase(this.setup.jobId(), Phase.FITTING_GP, batch.iteration());
				List<SoftPromptSearch.Observation> observed = new ArrayList<>();
				int firstRound = 0;
				for (int ordinal = 0; ordinal < batch.start(); ordinal++) {
					Trial trial = this.persisted.get(ordinal);
					if (trial != null && trial.softPrompt() != null) {
						observed.add(new SoftPromptSearch.Observation(trial.softPrompt(), trial.devScore(),
								trial.exampleScores()));
						firstRound += (ordinal < batch.iterationStart()) ? 1 : 0;
					}
				}
				long started = System.nanoTime();
				// round 0 keeps the seed jobs had before replacement rounds existed
				long firstRoundSeed = this.setup.seed() + batch.iteration();
				long seed = firstRoundSeed + 0x9E3779B97F4A7C15L * batch.round();
				List<double[]> proposals;
				if (batch.round() == 0) {
					SoftPromptSearch.Proposed proposed = this.engine.observations()
						.observe(JobObservations.BAYESIAN_STEP, "bayesian step", this.setup.jobId(),
								() -> this.engine.search()
									.proposeScored(observed, settings.kernel(), batch.size(), seed));
					proposals = proposed.points();
					if (settings.runsUntilBudget() && converged(batch, proposed.bestLogExpectedImprovement())) {
						log.info("Job {} converged before iteration {} (best log EI {})", this.setup.jobId(),
								batch.iteration(), proposed.bestLogExpectedImprovement());
						this.stop.compareAndSet(null, StopReason.CONVERGED);
					}
				}
				else {
					int first = firstRound;
					proposals = this.engine.observations()
						.observe(JobObservations.BAYESIAN_STEP, "bayesian step", this.setup.jobId(),
								() -> this.engine.search()
									.proposeReplacements(observed, first, firstRoundSeed, settings.kernel(),
											batch.size(), seed));
				}
				this.engine.metrics().recordProposal(System.nanoTime() - started);
				this.engine.phase(this.setup.jobId(), Phase.BAYESIAN_OPTIMISATION, batch.iteration());
				yield proposals;
			}
		};
	}

	/**
	 * A budget-driven search has converged before {@code batch} (an iteration's first
	 * round) when the best fully scored dev score has not improved over the last
	 * {@code patience} iterations and the best log EI of the batch's proposal is below
	 * {@code convergenceLogEi}. It depends only on the persisted trials and the proposal,
	 * so a resumed run decides as the first one did.
	 */
	private boolean converged(Batch batch, double bestLogEi) {
		JobSettings settings = this.setup.settings();
		int patience = settings.patienceIterations();
		if (!(bestLogEi < settings.convergenceThreshold()) || batch.iteration() <= patience) {
			return false;
		}
		double before = Double.NEGATIVE_INFINITY;
		double since = Double.NEGATIVE_INFINITY;
		for (int ordinal = 0; ordinal < batch.start(); ordinal++) {
			Trial trial = this.persisted.get(ordinal);
			if (trial == null || !trial.contendsForBest()) {
				continue;
			}
			if (trial.iteration() < batch.iteration() - patience) {
				before = Math.max(before, trial.devScore());
			}
			else {
				since = Math.max(since, trial.devScore());
			}
		}
		return since <= before;
	}

	/**
	 * The best dev score of a fully scored instruction among the trials before
	 * {@code ordinal} (NaN if none): what a racing instruction of the round starting
	 * there must be able to beat. Fixed per round, so racing decisions do not depend on
	 * which candidate of the round finishes first, and a resumed round decides the same.
	 */
	private double incumbentBefore(int ordinal) {
		double best = Double.NaN;
		for (int o = 0; o < ordinal; o++) {
			Trial trial = this.persisted.get(o);
			if (trial != null && trial.contendsForBest() && !(trial.devScore() <= best)) {
				best = trial.devScore();
			}
		}
		return best;
	}

	/** The paper's "Uniform" baseline: z uniform in [-1, 1]^d, one stream per ordinal. */
	static double[] uniformPoint(long seed, int ordinal, int dimension) {
		SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (ordinal + 1L)));
		double[] z = new double[dimension];
		for (int i = 0; i < dimension; i++) {
			z[i] = random.nextDouble(-1.0, 1.0);
		}
		return z;
	}

	private void runBatch(Batch batch, List<Integer> ordinals, List<double[]> points, double incumbent) {
		GenerationPermits generation = this.engine.generationPermits();
		AtomicReference<RuntimeException> failure = new AtomicReference<>();
		AtomicBoolean halt = new AtomicBoolean();
		// the run's observation goes along to the workers, so their spans join the job's
		// trace
		ExecutorService workers = ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(),
				ContextSnapshotFactory.builder().build());
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int ordinal : ordinals) {
				double[] z = (points != null) ? points.get(ordinal - batch.start()) : null;
				futures.add(workers.submit(() -> {
					try {
						runCandidate(batch, ordinal, z, generation, halt, incumbent);
					}
					catch (RuntimeException ex) {
						halt.set(true);
						failure.compareAndSet(null, ex);
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		catch (InterruptedException ex) {
			workers.shutdownNow();
			Thread.currentThread().interrupt();
			throw new JobInterruptedException("job " + this.setup.jobId() + " interrupted; it will resume", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			workers.shutdown();
		}
		if (failure.get() != null) {
			throw failure.get();
		}
	}

	private void runCandidate(Batch batch, int ordinal, double[] z, GenerationPermits generation, AtomicBoolean halt,
			double incumbent) {
		UUID jobId = this.setup.jobId();
		if (halt.get() || this.stop.get() != null) {
			return;
		}
		if (this.engine.cancelRequested(jobId)) {
			this.stop.compareAndSet(null, StopReason.CANCELLED);
			return;
		}
		long generationStarted = System.nanoTime();
		GeneratedInstruction generated;
		try {
			generated = this.engine.observations()
				.observe(JobObservations.GENERATION, "generation", jobId,
						() -> withPermit(generation, this.setup.instructions().payloadBytes(),
								() -> this.setup.instructions().generate(ordinal, z)));
		}
		catch (RuntimeException ex) {
			// a paid generation (APE) may meet the budget too
			if (budgetCause(ex) == null) {
				throw ex;
			}
			this.stop.compareAndSet(null, StopReason.BUDGET);
			return;
		}
		String instruction = normalise(generated.instruction());
		long generationNanos = System.nanoTime() - generationStarted;
		this.engine.metrics().recordGeneration(generationNanos);
		if (this.stop.get() != null || halt.get()) {
			return;
		}
		if (instruction.isEmpty()) {
			// nothing to ask the black box: recorded as a failed generation, at no cost
			Trial failed = Trial
				.failedGeneration(jobId, ordinal, batch.iteration(), originOf(batch), z, generated.rawReply(),
						this.setup.devSubset().size(), generationNanos / 1_000_000, this.engine.clock().instant())
				.generatedBy(this.setup.instructions().generatorModel());
			this.engine.recordTrial(failed, this.usage.totals(), List.of());
			this.persisted.put(ordinal, failed);
			this.engine.metrics().recordTrial(this.setup.strategy(), failed.origin(), false);
			return;
		}
		CompletableFuture<Scored> mine = new CompletableFuture<>();
		CompletableFuture<Scored> earlier = this.scoredInstructions.putIfAbsent(instruction, mine);
		long evaluationStarted = System.nanoTime();
		Scored scored;
		boolean duplicate = earlier != null;
		long tokensIn = 0;
		long tokensOut = 0;
		List<ExampleAnswer> devAnswers = List.of();
		if (duplicate) {
			try {
				scored = earlier.join();
			}
			catch (CompletionException | CancellationException ex) {
				// the first evaluation of this instruction failed; its own candidate
				// reports why
				return;
			}
		}
		else {
			try {
				Raced raced = this.engine.observations()
					.observe(JobObservations.EVALUATION, "evaluation", jobId, () -> race(instruction, incumbent));
				scored = raced.scored();
				devAnswers = raced.answers();
				tokensIn = raced.tokensIn();
				tokensOut = raced.tokensOut();
				mine.complete(scored);
			}
			catch (RuntimeException ex) {
				this.scoredInstructions.remove(instruction, mine);
				mine.completeExceptionally(ex);
				BudgetExhaustedException budget = budgetCause(ex);
				if (budget == null) {
					throw ex;
				}
				this.stop.compareAndSet(null, StopReason.BUDGET);
				log.info("Job {} reached its budget ({}) at trial {}", jobId, budget.limit(), ordinal);
				return;
			}
		}
		long evaluationNanos = System.nanoTime() - evaluationStarted;
		this.engine.metrics().recordEvaluation(evaluationNanos);
		TrialOrigin origin = originOf(batch);
		Trial trial = new Trial(jobId, ordinal, batch.iteration(), origin, z, instruction, generated.rawReply(),
				scored.score(), scored.exampleScores(), duplicate, tokensIn, tokensOut, generationNanos / 1_000_000,
				evaluationNanos / 1_000_000, this.engine.clock().instant())
			.generatedBy(this.setup.instructions().generatorModel());
		if (scored.stoppedEarly()) {
			trial.stopEarly();
		}
		this.engine.recordTrial(trial, this.usage.totals(), devAnswers);
		recordJudgeUsage();
		this.persisted.put(ordinal, trial);
		this.engine.metrics().recordTrial(this.setup.strategy(), origin, duplicate);
	}

	/**
	 * Scores a new instruction on the dev subset, stage by stage (one stage, the whole
	 * subset, for {@code full}): each stage pays only for the examples the previous ones
	 * did not score, in the subset's fixed order, so score vectors stay aligned and paid
	 * calls stay distinct (instruction, example) pairs. After a stage short of the whole
	 * subset the instruction stops when the {@code racingConfidence}-quantile of its
	 * accuracy's Beta posterior (uniform prior) is below {@code incumbent}.
	 */
	private Raced race(String instruction, double incumbent) {
		JobSettings settings = this.setup.settings();
		List<LabeledExample> dev = this.setup.devSubset();
		List<Integer> stages = settings.stageSizes(dev.size());
		double[] scores = new double[0];
		List<ExampleAnswer> answers = new ArrayList<>();
		long tokensIn = 0;
		long tokensOut = 0;
		int done = 0;
		for (int stage : stages) {
			Evaluation evaluation = this.engine.evaluator()
				.evaluate(this.setup.evaluationOf(instruction, dev.subList(done, stage)), this.usage);
			double[] slice = evaluation.exampleScores();
			double[] grown = java.util.Arrays.copyOf(scores, stage);
			System.arraycopy(slice, 0, grown, done, slice.length);
			scores = grown;
			answers.addAll(answersOf(dev.subList(done, stage), evaluation, done));
			tokensIn += evaluation.tokensIn();
			tokensOut += evaluation.tokensOut();
			done = stage;
			if (done < dev.size() && cannotBeat(scores, incumbent, settings.confidence())) {
				return new Raced(new Scored(mean(scores), scores, true), answers, tokensIn, tokensOut);
			}
		}
		return new Raced(new Scored(mean(scores), scores, false), answers, tokensIn, tokensOut);
	}

	/**
	 * The racing rule: the confidence-quantile of Beta(1 + s, 1 + k - s), s the sum of
	 * the k scores so far, is below the incumbent's dev score.
	 */
	static boolean cannotBeat(double[] scores, double incumbent, double confidence) {
		if (Double.isNaN(incumbent)) {
			return false;
		}
		double successes = 0;
		for (double score : scores) {
			successes += score;
		}
		return BetaPosterior.upperBound(Math.min(successes, scores.length), scores.length, confidence) < incumbent;
	}

	private static double mean(double[] values) {
		double sum = 0;
		for (double v : values) {
			sum += v;
		}
		return (values.length == 0) ? 0 : sum / values.length;
	}

	private TrialOrigin originOf(Batch batch) {
		return (this.setup.strategy() != Strategy.INSTRUCTZERO) ? TrialOrigin.BASELINE
				: (batch.iteration() == 0) ? TrialOrigin.INITIAL : TrialOrigin.PROPOSAL;
	}

	private void recordJudgeUsage() {
		if (this.setup.metric() == Metric.LLM_JUDGE) {
			this.engine.recordJudgeUsage(this.setup.jobId(), this.usage.judgeTotals());
		}
	}

	/** The answers behind an evaluation's scores, example by example. */
	static List<ExampleAnswer> answersOf(List<LabeledExample> examples, Evaluation evaluation) {
		return answersOf(examples, evaluation, 0);
	}

	/** As above, for examples that start at index {@code offset} of their list. */
	static List<ExampleAnswer> answersOf(List<LabeledExample> examples, Evaluation evaluation, int offset) {
		double[] scores = evaluation.exampleScores();
		List<ExampleAnswer> answers = new ArrayList<>(examples.size());
		for (int i = 0; i < examples.size(); i++) {
			LabeledExample example = examples.get(i);
			answers.add(new ExampleAnswer(offset + i, example.input(), example.outputs(), evaluation.answers().get(i),
					scores[i], evaluation.verdicts().get(i)));
		}
		return answers;
	}

	static BudgetExhaustedException budgetCause(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof BudgetExhaustedException budget) {
				return budget;
			}
		}
		return null;
	}

	private static <T> T withPermit(GenerationPermits permits, long payloadBytes, Supplier<T> work) {
		GenerationPermits.Ticket ticket;
		try {
			ticket = permits.acquire(payloadBytes);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobInterruptedException("interrupted while waiting to generate", ex);
		}
		try {
			return work.get();
		}
		finally {
			permits.release(ticket);
		}
	}

	/** Same text up to surrounding and repeated whitespace = same instruction. */
	static String normalise(String instruction) {
		return (instruction == null) ? "" : instruction.strip().replaceAll("\\s+", " ");
	}

	/**
	 * Re-scores the top candidates on more dev examples and records the final choice (see
	 * {@link FinalSelection}); call after {@link #execute()}, before
	 * {@link #scoreBestOnTest()}.
	 * @return {@link StopReason#BUDGET} or {@link StopReason#CANCELLED} if that stopped
	 * it, empty when it ran to its end
	 */
	Optional<StopReason> selectFinal() {
		try {
			return new FinalSelection(this.setup, this.engine, this.usage).run(lastIteration());
		}
		finally {
			// calls paid by an evaluation that a stop cut short count too
			this.engine.recordUsage(this.setup.jobId(), this.usage.totals());
			recordJudgeUsage();
		}
	}

	private int lastIteration() {
		return this.persisted.values().stream().mapToInt(Trial::iteration).max().orElse(0);
	}

	/** The best trial scored on the test examples, once, within the job's budget. */
	void scoreBestOnTest() {
		if (this.setup.testExamples().isEmpty()) {
			return;
		}
		Trial best = this.engine.bestTrial(this.setup.jobId()).orElse(null);
		if (best == null || best.testScore() != null) {
			return;
		}
		try {
			// the job's progress keeps its last iteration, not the best trial's
			this.engine.phase(this.setup.jobId(), Phase.SCORING_TEST, lastIteration());
			Evaluation evaluation = this.engine.evaluator()
				.evaluate(this.setup.evaluationOf(best.instruction(), this.setup.testExamples()), this.usage);
			this.engine.recordTestScore(this.setup.jobId(), best.ordinal(), evaluation.score(), this.usage.totals(),
					answersOf(this.setup.testExamples(), evaluation));
			recordJudgeUsage();
		}
		catch (RuntimeException ex) {
			BudgetExhaustedException budget = budgetCause(ex);
			if (budget == null) {
				throw ex;
			}
			log.warn("Job {}: budget left no room to score the best instruction on the test examples ({})",
					this.setup.jobId(), budget.limit());
			this.engine.recordUsage(this.setup.jobId(), this.usage.totals());
		}
	}

	/**
	 * Scores of one instruction on the dev subset: all of it, or its first
	 * {@code exampleScores.length} examples when racing stopped it early.
	 */
	record Scored(double score, double[] exampleScores, boolean stoppedEarly) {
	}

	/** A new instruction's scores with the answers and tokens they took. */
	private record Raced(Scored scored, List<ExampleAnswer> answers, long tokensIn, long tokensOut) {
	}

	/**
	 * One round of the plan: the initial design (iteration 0), an iteration's batch of
	 * proposals (round 0) or replacements of its duplicates (rounds 1, 2, ...).
	 *
	 * @param start first ordinal
	 * @param size number of trials
	 * @param iterationStart first ordinal of the iteration's first round
	 */
	record Batch(int iteration, int round, int start, int size, int iterationStart) {

		int end() {
			return this.start + this.size;
		}

	}

	/**
	 * What a run needs to know of its job.
	 *
	 * @param trialLimit no trial at or beyond this ordinal (the budget's maxTrials, else
	 * {@link Integer#MAX_VALUE})
	 * @param instructions z → instruction for this job (z is null for APE)
	 * @param finalExamples dev-pool examples outside the dev subset, for the final
	 * selection
	 * @param metricOptions the task's metric parameters
	 * @param template the task's prompt template, the same for every evaluation of the
	 * job
	 */
	record JobSetup(UUID jobId, Strategy strategy, JobSettings settings, long seed, int trialLimit, String model,
			Metric metric, List<LabeledExample> devSubset, List<LabeledExample> testExamples,
			InstructionSource instructions, List<LabeledExample> finalExamples, MetricOptions metricOptions,
			PromptTemplate template) {

		/**
		 * What scoring {@code instruction} on {@code examples} asks the evaluator, in the
		 * task's own prompt format and metric for dev, selection and test alike.
		 */
		EvaluationRequest evaluationOf(String instruction, List<LabeledExample> examples) {
			return new EvaluationRequest(this.model, instruction, examples, this.metric, this.metricOptions,
					this.template);
		}

	}

	/** Instructions for a job's candidates, with the generator's reply. */
	interface InstructionSource {

		GeneratedInstruction generate(double[] z);

		/**
		 * The candidate {@code ordinal}'s instruction; sampled sources tell samples apart
		 * by it.
		 */
		default GeneratedInstruction generate(int ordinal, double[] z) {
			return generate(z);
		}

		/**
		 * Bytes of one generation request's payload ({@code prompt_embeds}); 0 if small.
		 */
		default long payloadBytes() {
			return 0;
		}

		/** The configured generator that writes the instructions; null for APE. */
		default String generatorModel() {
			return null;
		}

	}

	/** The services a run uses, so tests can run it without Spring. */
	interface JobEngineContext {

		SoftPromptSearch search();

		/** Where the run's spans go (none by default). */
		default JobObservations observations() {
			return JobObservations.NOOP;
		}

		dev.instructzero.evaluator.BlackBoxEvaluator evaluator();

		JobMetrics metrics();

		Clock clock();

		/**
		 * Permits for vLLM calls, shared by every job of this replica: a request carries
		 * the whole prompt as embeddings (megabytes for a 13B model), so the limit bounds
		 * the heap.
		 */
		GenerationPermits generationPermits();

		boolean cancelRequested(UUID jobId);

		void phase(UUID jobId, Phase phase, int iteration);

		/** The plan now has this many trials (replacements of duplicates lengthen it). */
		void replan(UUID jobId, int trialsPlanned);

		/**
		 * Persists a scored trial with the answers its dev score came from (empty for a
		 * duplicate, whose answers are the first trial's).
		 */
		void recordTrial(Trial trial, dev.instructzero.evaluator.UsageTotals usage, List<ExampleAnswer> devAnswers);

		void recordTestScore(UUID jobId, int ordinal, double score, dev.instructzero.evaluator.UsageTotals usage,
				List<ExampleAnswer> testAnswers);

		void recordUsage(UUID jobId, dev.instructzero.evaluator.UsageTotals usage);

		/** The job's best trial, as {@code GET /jobs/{id}/best} defines it. */
		Optional<Trial> bestTrial(UUID jobId);

		/** The first trials of the job's top distinct instructions by dev score. */
		List<Trial> topDistinctTrials(UUID jobId, int limit);

		/** The final-selection candidates already scored, by dev rank. */
		List<FinalCandidate> finalCandidates(UUID jobId);

		void recordFinalCandidate(FinalCandidate candidate, dev.instructzero.evaluator.UsageTotals usage);

		void recordFinalChoice(UUID jobId, int ordinal);

		/** Stores the judge's share of the usage ({@code llm_judge} tasks). */
		void recordJudgeUsage(UUID jobId, dev.instructzero.evaluator.JudgeTotals judge);

	}

}
