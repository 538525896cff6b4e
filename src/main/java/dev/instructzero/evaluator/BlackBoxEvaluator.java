package dev.instructzero.evaluator;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.instructzero.database.DatabaseFaults;
import dev.instructzero.database.StorableText;
import dev.instructzero.retry.Outage;
import dev.instructzero.retry.RetryPolicy;
import dev.instructzero.retry.RetryableFailure;
import dev.instructzero.retry.Sleeper;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.Metric;
import dev.instructzero.task.MetricOptions;
import dev.instructzero.task.MetricScorer;
import dev.instructzero.task.PromptTemplate;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Scores an instruction on the black-box model: renders the task's
 * {@link dev.instructzero.task.PromptTemplate} (APE's single user message by default) for
 * every example, answers each from the persistent cache or by a paid call, and scores the
 * answers with the task's metric; for {@code llm_judge} a judge model grades each answer
 * through the same cache, limits and budget ({@link JudgePrompt}).
 * <p>
 * Paid calls run on virtual threads, at most {@code max-concurrency} at once across all
 * jobs, within the model's optional requests/tokens-per-minute limits, each after
 * reserving its worst case in the job's {@link JobUsage} (so budgets hold under
 * concurrency), with bounded retries on 429/408/409/5xx/timeouts. Identical calls under
 * way at the same time are sent once; the others wait and count as cache hits. An empty
 * or refused answer is cached and scores 0.
 * <p>
 * Failures: a 401/403 raises {@link BlackBoxAuthenticationException} and stops the
 * evaluation's remaining calls; other non-retryable answers and exhausted retries raise
 * {@link BlackBoxException}; a budget raises {@link BudgetExhaustedException} after the
 * calls already under way have completed and been accounted.
 */
public class BlackBoxEvaluator {

	private static final Logger log = LoggerFactory.getLogger(BlackBoxEvaluator.class);

	// chat-format tokens around the user message; with byte-level BPE a prompt never has
	// more tokens than UTF-8 bytes, so bytes + this + max tokens bounds a call's usage
	static final int CHAT_OVERHEAD_TOKENS = 64;

	// how long a paid answer waits for the database to come back before it is given up
	// (a PostgreSQL restart or fail-over takes seconds)
	static final Duration LEDGER_RETRY = Duration.ofMinutes(2);

	// waits of 0.25 s doubling to 5 s within LEDGER_RETRY
	private static final Outage LEDGER_OUTAGE = Outage.doubling(Duration.ofMillis(250), Duration.ofSeconds(5),
			LEDGER_RETRY);

	// how long a stopping replica gives the calls under way, after their request
	// timeout, to write their answers
	static final Duration CLOSE_WRITE_MARGIN = Duration.ofSeconds(30);

	/**
	 * Platform threads for what an interrupt must not cut short: a paid call once sent
	 * and the writes of its answer ({@link #uninterruptibly}). They carry the caller's
	 * observation, like the call threads.
	 */
	private static final ExecutorService PAID_CALL_THREADS = ContextExecutorService.wrap(
			Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("paid-call-", 0).factory()),
			ContextSnapshotFactory.builder().build());

	private final EvaluatorProperties properties;

	private final PricingProperties pricing;

	private final BlackBoxCallRepository cache;

	private final @Nullable BlackBoxChat chat;

	private final RetryPolicy retryPolicy;

	private final Sleeper sleeper;

	private final LongSupplier nanoTime;

	private final MeterRegistry meters;

	private final Semaphore concurrency;

	/**
	 * Bounds the cache's database work on the answer path (lookups, hit counts): every
	 * example of every running candidate asks the cache at once, thousands of threads on
	 * a busy replica, and they should queue here, without a deadline, rather than in the
	 * connection pool, whose wait times out and fails the job.
	 */
	private final Semaphore cacheAccess;

	private final Map<String, ModelRateLimiter> rateLimiters = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();

	private final SentCalls sentCalls = new SentCalls();

	/**
	 * The evaluator for an OpenAI-compatible endpoint through Spring AI.
	 * @param properties evaluator settings
	 * @param pricing model prices
	 * @param cache the persistent call cache
	 * @param endpoint base URL and key; when not {@link BlackBoxEndpoint#isConfigured()
	 * configured}, {@link #evaluate} throws {@link BlackBoxException}
	 * @param meters where call, cache-hit, token and latency meters are registered
	 */
	public BlackBoxEvaluator(EvaluatorProperties properties, PricingProperties pricing, BlackBoxCallRepository cache,
			BlackBoxEndpoint endpoint, MeterRegistry meters) {
		this(properties, pricing, cache, endpoint, meters, ObservationRegistry.NOOP);
	}

	/**
	 * The evaluator for an OpenAI-compatible endpoint through Spring AI, whose chat model
	 * records its own observations ({@code gen_ai.client.*}) in {@code observations}.
	 */
	public BlackBoxEvaluator(EvaluatorProperties properties, PricingProperties pricing, BlackBoxCallRepository cache,
			BlackBoxEndpoint endpoint, MeterRegistry meters, ObservationRegistry observations) {
		this(properties, pricing, cache,
				endpoint.isConfigured() ? new SpringAiBlackBoxChat(endpoint.baseUrl(), endpoint.apiKey(),
						properties.defaultModel(), properties.requestTimeout(), observations) : null,
				meters, Sleeper.THREAD, System::nanoTime);
	}

	/**
	 * The evaluator for another black box (the sandbox's simulated one), with the same
	 * cache, limits, budgets and meters.
	 * @param chat answers one call; {@code null} means not configured
	 */
	public BlackBoxEvaluator(EvaluatorProperties properties, PricingProperties pricing, BlackBoxCallRepository cache,
			@Nullable BlackBoxChat chat, MeterRegistry meters) {
		this(properties, pricing, cache, chat, meters, Sleeper.THREAD, System::nanoTime);
	}

	BlackBoxEvaluator(EvaluatorProperties properties, PricingProperties pricing, BlackBoxCallRepository cache,
			@Nullable BlackBoxChat chat, MeterRegistry meters, Sleeper sleeper, LongSupplier nanoTime) {
		this.properties = properties;
		this.pricing = pricing;
		this.cache = cache;
		this.chat = chat;
		this.meters = meters;
		this.sleeper = sleeper;
		this.nanoTime = nanoTime;
		// doubling backoff with jitter; a Retry-After beyond maxRetryAfter gives up
		this.retryPolicy = new RetryPolicy(properties.maxAttempts(), properties.initialBackoff(), 2.0,
				properties.maxBackoff(), true, properties.maxRetryAfter(), RetryPolicy.LongRetryAfter.GIVE_UP);
		this.concurrency = new Semaphore(properties.maxConcurrency(), true);
		this.cacheAccess = new Semaphore(cacheAccessPermits(properties), true);
	}

	/** Half the black-box slots, at least 1: the pool keeps connections for the rest. */
	static int cacheAccessPermits(EvaluatorProperties properties) {
		return Math.max(1, properties.maxConcurrency() / 2);
	}

	/**
	 * Virtual threads for the calls of one evaluation; they carry the caller's
	 * observation, so the chat model's spans join the job's trace.
	 */
	private static ExecutorService callThreads() {
		return ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(),
				ContextSnapshotFactory.builder().build());
	}

	/** Whether the black box is configured, i.e. jobs can be scored at all. */
	public boolean isConfigured() {
		return this.chat != null;
	}

	/**
	 * Scores {@code request.instruction()} on {@code request.examples()}.
	 * @param request what to score; its model must be allowed
	 * @param usage the job's counters and budget, updated as calls complete
	 * @return the mean score, per-example scores and this evaluation's usage
	 * @throws IllegalArgumentException if the model is not allowed
	 * @throws BudgetExhaustedException if a paid call would go past the job's budget
	 * @throws BlackBoxAuthenticationException on HTTP 401/403
	 * @throws BlackBoxException if the black box failed or is not configured
	 */
	public Evaluation evaluate(EvaluationRequest request, JobUsage usage) {
		Objects.requireNonNull(request, "request");
		Objects.requireNonNull(usage, "usage");
		String model = (request.model() != null) ? request.model() : this.properties.defaultModel();
		if (!this.properties.allows(model)) {
			throw new IllegalArgumentException("black-box model '" + model + "' is not allowed");
		}
		if (this.chat == null) {
			throw new BlackBoxException(
					"the black box is not configured: set spring.ai.openai.api-key (and spring.ai.openai.base-url for a non-OpenAI server)");
		}
		long started = this.nanoTime.getAsLong();
		List<LabeledExample> examples = request.examples();
		AtomicReference<@Nullable RuntimeException> abort = new AtomicReference<>();
		List<Future<Answer>> futures = new ArrayList<>(examples.size());
		try (ExecutorService executor = callThreads()) {
			for (LabeledExample example : examples) {
				CallKey call = new CallKey(model, this.properties.temperatureFor(model), this.properties.maxTokens(),
						request.template().render(request.instruction(), example.input()));
				futures.add(executor
					.submit(() -> answer(call.hash(), call, usage, abort, CallPurpose.EVALUATION, example.outputs())));
			}
		}
		List<Answer> answers = collect(futures, usage, abort);
		List<Judgement> judgements = (request.metric() == Metric.LLM_JUDGE) ? judge(request, answers, usage) : null;
		double[] scores = new double[examples.size()];
		List<String> texts = new ArrayList<>(examples.size());
		long tokensIn = 0;
		long tokensOut = 0;
		BigDecimal cost = BigDecimal.ZERO;
		int paid = 0;
		int hits = 0;
		double sum = 0;
		for (int i = 0; i < examples.size(); i++) {
			Answer answer = answers.get(i);
			scores[i] = (judgements != null) ? judgements.get(i).score() : MetricScorer.score(request.metric(),
					request.metricOptions(), answer.text(), examples.get(i).outputs());
			sum += scores[i];
			texts.add(answer.text());
			if (answer.paid()) {
				paid++;
				tokensIn += answer.tokensIn();
				tokensOut += answer.tokensOut();
				cost = cost.add(answer.costUsd());
			}
			else {
				hits++;
			}
		}
		Duration latency = Duration.ofNanos(this.nanoTime.getAsLong() - started);
		List<@Nullable String> verdicts = (judgements != null)
				? judgements.stream().<@Nullable String>map(Judgement::verdict).toList()
				: Collections.nCopies(examples.size(), null);
		return new Evaluation(model, sum / examples.size(), scores, texts, tokensIn, tokensOut, cost, paid, hits,
				latency, verdicts);
	}

	/**
	 * The futures' results in order, once all have completed; the first fatal failure,
	 * else the first budget stop, is thrown after the calls under way have been
	 * accounted.
	 */
	private <T> List<T> collect(List<? extends Future<T>> futures, JobUsage usage,
			AtomicReference<@Nullable RuntimeException> abort) {
		List<T> results = new ArrayList<>(futures.size());
		RuntimeException fatal = null;
		BudgetExhaustedException budget = null;
		for (Future<T> future : futures) {
			try {
				results.add(future.get());
			}
			catch (ExecutionException ex) {
				Throwable cause = ex.getCause();
				if (cause instanceof BudgetExhaustedException exhausted) {
					budget = (budget != null) ? budget : exhausted;
				}
				else if (cause instanceof AbortedException) {
					// a sibling's failure, reported below
				}
				else if (fatal == null || cause instanceof BlackBoxAuthenticationException) {
					fatal = (cause instanceof RuntimeException runtime) ? runtime
							: new BlackBoxException("black-box call failed: " + cause, cause);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new BlackBoxException("interrupted while waiting for black-box answers", ex);
			}
		}
		if (fatal == null && abort.get() != null) {
			fatal = abort.get();
		}
		if (fatal != null) {
			throw fatal;
		}
		if (budget != null) {
			throw new BudgetExhaustedException(budget.limit(), usage.totals());
		}
		return results;
	}

	/**
	 * The {@code llm_judge} scores of the answers: the task's judge model grades each
	 * non-blank answer (a blank one scores 0 unjudged), through the same cache, limits
	 * and budget as the black box; its paid calls are also counted apart in
	 * {@link JobUsage#judgeTotals()}.
	 */
	private List<Judgement> judge(EvaluationRequest request, List<Answer> answers, JobUsage usage) {
		MetricOptions options = request.metricOptions();
		String judgeModel = options.judgeModel();
		if (judgeModel == null || !this.properties.allows(judgeModel)) {
			throw new IllegalArgumentException("judge model '" + judgeModel + "' is not allowed");
		}
		// an llm_judge task always has its rubric (TaskScoringRules requires it)
		String rubric = Objects.requireNonNull(options.rubric());
		AtomicReference<@Nullable RuntimeException> abort = new AtomicReference<>();
		List<Future<Judgement>> futures = new ArrayList<>(answers.size());
		try (ExecutorService executor = callThreads()) {
			for (int i = 0; i < answers.size(); i++) {
				LabeledExample example = request.examples().get(i);
				String answer = answers.get(i).text();
				if (answer == null || answer.isBlank()) {
					futures.add(CompletableFuture.completedFuture(new Judgement(0.0, null)));
				}
				else {
					futures.add(executor.submit(() -> judgeOne(judgeModel, rubric, example, answer, usage, abort)));
				}
			}
		}
		return collect(futures, usage, abort);
	}

	// an unreadable reply gets one retry with a reminder (a different prompt, so not the
	// cached reply again); a second unreadable one scores 0 and is counted
	private Judgement judgeOne(String judgeModel, String rubric, LabeledExample example, String answer, JobUsage usage,
			AtomicReference<@Nullable RuntimeException> abort) {
		List<PromptTemplate.Message> first = JudgePrompt.render(rubric, example.input(), example.outputs(), answer);
		String reply = judgeCall(judgeModel, first, usage, abort);
		OptionalDouble score = JudgePrompt.parse(reply);
		if (score.isEmpty()) {
			reply = judgeCall(judgeModel, JudgePrompt.reminder(first, reply), usage, abort);
			score = JudgePrompt.parse(reply);
		}
		if (score.isEmpty()) {
			usage.recordJudgeUnparsed();
			return new Judgement(0.0, reply);
		}
		return new Judgement(score.getAsDouble(), reply);
	}

	private String judgeCall(String judgeModel, List<PromptTemplate.Message> messages, JobUsage usage,
			AtomicReference<@Nullable RuntimeException> abort) {
		CallKey call = new CallKey(judgeModel, this.properties.temperatureFor(judgeModel), JudgePrompt.MAX_TOKENS,
				messages);
		Answer answer = answer(call.hash(), call, usage, abort, CallPurpose.JUDGE, null);
		if (answer.paid()) {
			usage.recordJudgeCall(answer.tokensIn(), answer.tokensOut(), answer.costUsd());
		}
		return answer.text();
	}

	/** A judged answer: its score and the judge's last reply. */
	private record Judgement(double score, @Nullable String verdict) {
	}

	/**
	 * Asks the black box for one sampled completion (the APE baseline's proposals)
	 * through the same budget, cache, concurrency limit, rate limiter, retry policy,
	 * ledger and metrics as the evaluations. The cache key holds
	 * {@code request.sample()}, so proposals sampled at a temperature above 0 stay
	 * distinct, while a resumed job gets the answers it already paid for.
	 * @param request model, prompt, sampling settings and sample identity
	 * @param usage the job's counters and budget
	 * @return the reply text ("" for an empty reply)
	 * @throws BudgetExhaustedException if the call might go past the job's budget
	 * @throws CallsCancelledException if the job was cancelled
	 * @throws BlackBoxException if the black box failed or is not configured
	 */
	public String complete(SampledCompletion request, JobUsage usage) {
		Objects.requireNonNull(request, "request");
		Objects.requireNonNull(usage, "usage");
		if (this.chat == null) {
			throw new BlackBoxException(
					"the black box is not configured: set spring.ai.openai.api-key (and spring.ai.openai.base-url for a non-OpenAI server)");
		}
		String model = (request.model() != null) ? request.model() : this.properties.defaultModel();
		CallKey call = new CallKey(model, request.temperature(), request.maxTokens(), request.prompt());
		String key = request.keyOf(call.hash());
		Answer answer = answer(key, call, usage, new AtomicReference<>(), CallPurpose.GENERATION, null);
		return (answer.text() != null) ? answer.text() : "";
	}

	/**
	 * The answer to one call: from the cache, from an identical call under way, or paid.
	 */
	private Answer answer(String key, CallKey call, JobUsage usage, AtomicReference<@Nullable RuntimeException> abort,
			CallPurpose purpose, @Nullable List<String> reference) {
		while (true) {
			var cached = withCacheAccess(() -> this.cache.find(key));
			if (cached.isPresent()) {
				return cacheHit(key, call, usage, Answer.of(cached.get(), false));
			}
			CompletableFuture<Answer> mine = new CompletableFuture<>();
			CompletableFuture<Answer> running = this.inFlight.putIfAbsent(key, mine);
			if (running != null) {
				try {
					return cacheHit(key, call, usage, running.join().asCacheHit());
				}
				catch (CompletionException ex) {
					if (ex.getCause() instanceof BudgetExhaustedException || ex.getCause() instanceof AbortedException
							|| ex.getCause() instanceof CallsCancelledException) {
						continue; // the other caller's budget or evaluation stopped it;
									// try on ours
					}
					throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
				}
			}
			try {
				// an identical call may have been stored between our lookup and our claim
				cached = withCacheAccess(() -> this.cache.find(key));
				Answer answer = cached.isPresent() ? cacheHit(key, call, usage, Answer.of(cached.get(), false))
						: pay(key, call, usage, abort, purpose, reference);
				mine.complete(answer);
				return answer;
			}
			catch (RuntimeException ex) {
				mine.completeExceptionally(ex);
				throw ex;
			}
			finally {
				this.inFlight.remove(key, mine);
			}
		}
	}

	private Answer cacheHit(String key, CallKey call, JobUsage usage, Answer answer) {
		usage.recordCacheHit();
		withCacheAccess(() -> {
			this.cache.recordHit(key);
			return null;
		});
		counter("instructzero.blackbox.calls", call.model(), "result", "cache_hit").increment();
		return answer;
	}

	private Answer pay(String key, CallKey call, JobUsage usage, AtomicReference<@Nullable RuntimeException> abort,
			CallPurpose purpose, @Nullable List<String> reference) {
		if (abort.get() != null) {
			throw new AbortedException();
		}
		stopIfCancelled(usage, abort);
		// the rendering with role markers is longer than the messages themselves: still a
		// bound
		long promptBytes = call.prompt().getBytes(StandardCharsets.UTF_8).length;
		long tokenBound = promptBytes + CHAT_OVERHEAD_TOKENS + call.maxTokens();
		BigDecimal costBound = this.pricing.costUsd(call.model(), promptBytes + CHAT_OVERHEAD_TOKENS, call.maxTokens());
		JobUsage.Reservation reservation;
		try {
			reservation = usage.reserve(tokenBound, costBound);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BlackBoxException("interrupted while waiting for the job's budget", ex);
		}
		boolean settled = false;
		try {
			ChatCall chatCall = new ChatCall(call.model(), call.messages(), call.temperature(), call.maxTokens(),
					this.properties.usesMaxCompletionTokens(call.model()), purpose, reference);
			// from here until its answer is written, a call sent keeps close() waiting
			Sent sent = this.retryPolicy.call((attempt) -> send(chatCall, promptBytes, usage, abort), this.sleeper,
					new RetryPolicy.Handler() {

						@Override
						public void beforeRetry(int attempt, RetryableFailure failure, Duration wait) {
							counter("instructzero.blackbox.retries", call.model(), "reason", failure.reason())
								.increment();
							log.debug("black-box attempt {} for model {} failed ({}), retrying in {}", attempt,
									call.model(), failure.getMessage(), wait);
						}

						@Override
						public RuntimeException gaveUp(int attempts, RetryableFailure failure) {
							BlackBoxException gaveUp = new BlackBoxException(
									"black box unavailable for model " + call.model() + " after " + attempts
											+ " attempt(s): " + failure.getMessage() + ((failure.retryAfter() != null)
													? " (Retry-After " + failure.retryAfter() + ")" : ""),
									failure);
							abort.compareAndSet(null, gaveUp);
							return gaveUp;
						}

						@Override
						public RuntimeException interrupted(int attempt, InterruptedException ex) {
							return new BlackBoxException("interrupted while waiting to retry a black-box call", ex);
						}

					});
			try {
				ChatReply reply = sent.reply();
				long latencyNanos = this.nanoTime.getAsLong() - sent.nanoTime();
				BigDecimal cost = this.pricing.costUsd(call.model(), reply.tokensIn(), reply.tokensOut());
				usage.settle(reservation, reply.tokensIn(), reply.tokensOut(), cost);
				settled = true;
				// cleaned before anything is stored: a paid answer must never fail its
				// insert
				var stored = new BlackBoxCallRepository.CachedCall(StorableText.clean(reply.text()),
						StorableText.clean(reply.finishReason()), reply.tokensIn(), reply.tokensOut(), cost);
				// the ledger first, before anything else can fail: the call is paid
				UUID jobId = usage.jobId();
				durably(() -> {
					if (jobId != null) {
						this.cache.recordPaid(jobId, key, purpose, call.model(), stored);
					}
				}, () -> this.cache.insert(key, call, stored, latencyNanos / 1_000_000, jobId));
				recordPaid(call.model(), reply, cost, latencyNanos);
				return Answer.of(stored, true);
			}
			finally {
				this.sentCalls.answered();
			}
		}
		finally {
			if (!settled) {
				usage.release(reservation);
			}
		}
	}

	/**
	 * One attempt of a paid call: within the model's rate limit and a black-box slot,
	 * unless the evaluation was aborted or the job cancelled meanwhile.
	 * @throws RetryableBlackBoxFailure when another attempt may succeed
	 * @throws BlackBoxException when none will; the evaluation's other calls are aborted
	 */
	private Sent send(ChatCall chatCall, long promptBytes, JobUsage usage,
			AtomicReference<@Nullable RuntimeException> abort) {
		awaitRateLimit(chatCall.model(), chatCall.maxTokens(), promptBytes);
		acquirePermit();
		try {
			if (abort.get() != null) {
				throw new AbortedException();
			}
			// checked again right before sending: the call may have queued for a permit,
			// a
			// rate limit or a retry since the cancellation
			stopIfCancelled(usage, abort);
			BlackBoxChat chat = Objects.requireNonNull(this.chat, "checked by callers");
			this.sentCalls.sending();
			boolean answered = false;
			try {
				long sent = this.nanoTime.getAsLong();
				// once sent, the call is paid for: an interrupt (a stopping replica) must
				// not drop its answer, or the resumed job would pay for it again
				Sent reply = new Sent(uninterruptibly(() -> chat.complete(chatCall)), sent);
				answered = true;
				return reply;
			}
			finally {
				if (!answered) {
					this.sentCalls.answered();
				}
			}
		}
		catch (BlackBoxException ex) {
			abort.compareAndSet(null, ex); // before the permit goes to a queued sibling
			throw ex;
		}
		finally {
			this.concurrency.release();
		}
	}

	/**
	 * Stops this evaluator as its replica stops, before the database goes (Spring calls
	 * it before closing the beans it depends on): no call is sent after this, and the
	 * calls already sent are waited for, up to the request timeout and half a minute more
	 * for writing their answers, so that none is lost and paid again when the job resumes
	 * elsewhere. A call refused here raises {@link EvaluatorStoppedException}.
	 */
	public void close() {
		Duration limit = this.properties.requestTimeout().plus(CLOSE_WRITE_MARGIN);
		int underWay = this.sentCalls.underWay();
		if (underWay > 0) {
			log.info("Stopping: waiting up to {} for {} black-box call(s) under way to be answered and recorded", limit,
					underWay);
		}
		try {
			int lost = this.sentCalls.close(limit);
			if (lost > 0) {
				log.error("Stopped with {} black-box call(s) still unanswered after {}: their jobs pay for them again",
						lost, limit);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			log.error("Interrupted while waiting for {} black-box call(s) under way: their jobs may pay for them again",
					this.sentCalls.underWay());
		}
	}

	/** Calls sent and not yet recorded; for tests. */
	int callsUnderWay() {
		return this.sentCalls.underWay();
	}

	/** Whether {@link #close()} was called; for tests. */
	boolean isClosed() {
		return this.sentCalls.isClosed();
	}

	/** A black-box reply and when its request was sent ({@code nanoTime}). */
	private record Sent(ChatReply reply, long nanoTime) {
	}

	private static void stopIfCancelled(JobUsage usage, AtomicReference<@Nullable RuntimeException> abort) {
		if (usage.cancelRequested()) {
			CallsCancelledException cancelled = new CallsCancelledException();
			abort.compareAndSet(null, cancelled);
			throw cancelled;
		}
	}

	/**
	 * Writes what a paid answer must not lose, riding out a database that is restarting
	 * or unreachable for up to {@link #LEDGER_RETRY}: the answer is only in memory, and
	 * giving up would pay for it again when the job resumes. The writes, in order, take
	 * one trip to a thread that interrupts do not reach ({@link #uninterruptibly}).
	 */
	private void durably(Runnable... writes) {
		uninterruptibly(() -> {
			for (Runnable write : writes) {
				writeRidingOutOutages(write);
			}
			return null;
		});
	}

	/**
	 * Runs {@code work} on a platform thread of its own and waits for it without reacting
	 * to interrupts: an interrupt of a virtual call thread (a stopping replica's JobRunr
	 * interrupts its jobs, which stops an evaluation's call threads) closes that thread's
	 * sockets, cutting a paid call or a database write short. The caller's interrupt
	 * status survives for whatever it does next.
	 */
	private static <T extends @Nullable Object> T uninterruptibly(Supplier<T> work) {
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		CompletableFuture<T> done = CompletableFuture.supplyAsync(() -> {
			if (logContext != null) {
				MDC.setContextMap(logContext);
			}
			try {
				return work.get();
			}
			finally {
				MDC.clear();
				Thread.interrupted(); // a pooled thread starts its next task
										// uninterrupted
			}
		}, PAID_CALL_THREADS);
		try {
			return done.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	private void writeRidingOutOutages(Runnable write) {
		LEDGER_OUTAGE.rideOut(write, DatabaseFaults::isTransient, this.sleeper, this.nanoTime, new Outage.Handler() {

			@Override
			public void beforeWait(RuntimeException failure, Duration wait) {
				log.warn("Database unavailable while recording a paid black-box call ({}); retrying in {}",
						failure.toString(), wait);
			}

			@Override
			public RuntimeException interrupted(RuntimeException failure, InterruptedException ex) {
				return new BlackBoxException("interrupted while waiting to record a paid black-box call", ex);
			}

		});
	}

	private void awaitRateLimit(String model, int maxTokens, long promptBytes) {
		ModelRateLimiter limiter = this.rateLimiters.computeIfAbsent(model,
				(m) -> new ModelRateLimiter(this.properties.rateLimitFor(m), this.nanoTime));
		if (limiter.isLimited()) {
			// OpenAI counts a request against TPM as its estimated prompt plus max tokens
			Duration wait = limiter.acquire(promptBytes / 4 + maxTokens);
			if (!wait.isZero()) {
				sleep(wait);
			}
		}
	}

	private <T> T withCacheAccess(java.util.function.Supplier<T> work) {
		try {
			this.cacheAccess.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BlackBoxException("interrupted while waiting for the call cache", ex);
		}
		try {
			return work.get();
		}
		finally {
			this.cacheAccess.release();
		}
	}

	private void acquirePermit() {
		try {
			this.concurrency.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BlackBoxException("interrupted while waiting for a black-box slot", ex);
		}
	}

	private void sleep(Duration wait) {
		try {
			this.sleeper.sleep(wait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BlackBoxException("interrupted while waiting to retry a black-box call", ex);
		}
	}

	private void recordPaid(String model, ChatReply reply, BigDecimal cost, long latencyNanos) {
		counter("instructzero.blackbox.calls", model, "result", "paid").increment();
		counter("instructzero.blackbox.tokens", model, "direction", "in").increment(reply.tokensIn());
		counter("instructzero.blackbox.tokens", model, "direction", "out").increment(reply.tokensOut());
		Counter.builder("instructzero.blackbox.cost")
			.baseUnit("usd")
			.tag("model", model)
			.register(this.meters)
			.increment(cost.doubleValue());
		Timer.builder("instructzero.blackbox.latency")
			.tag("model", model)
			.register(this.meters)
			.record(Duration.ofNanos(latencyNanos));
	}

	private Counter counter(String name, String model, String tag, String value) {
		return Counter.builder(name).tag("model", model).tag(tag, value).register(this.meters);
	}

	/** A call skipped because a sibling call of the same evaluation failed fatally. */
	private static final class AbortedException extends RuntimeException {

		AbortedException() {
			super("skipped after another black-box call of the evaluation failed", null, false, false);
		}

	}

	/** One example's answer and, when paid by this evaluation, its usage. */
	private record Answer(String text, boolean paid, int tokensIn, int tokensOut, BigDecimal costUsd) {

		static Answer of(BlackBoxCallRepository.CachedCall call, boolean paid) {
			return new Answer(call.response(), paid, call.tokensIn(), call.tokensOut(), call.costUsd());
		}

		Answer asCacheHit() {
			return new Answer(this.text, false, this.tokensIn, this.tokensOut, this.costUsd);
		}

	}

}
