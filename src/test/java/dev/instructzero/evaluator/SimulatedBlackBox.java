package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import dev.instructzero.task.PromptTemplate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A real {@link BlackBoxEvaluator} (prompt rendering, metric, usage accounting, dedup of
 * identical calls) over an in-process black box and an in-memory call cache, for engine
 * tests and benchmarks that run without Spring, a database or HTTP. The black box answers
 * each prompt rendered with APE's template ({@link PromptTemplate#APE}) by
 * {@code answer(instruction, input)}.
 */
public final class SimulatedBlackBox {

	private final AtomicLong calls = new AtomicLong();

	private final Map<String, Boolean> prompts = new ConcurrentHashMap<>();

	private final BlackBoxEvaluator evaluator;

	public SimulatedBlackBox(BiFunction<String, String, String> answer) {
		EvaluatorProperties properties = new EvaluatorProperties("sim-model", List.of(), 16, 256, 0.0, List.of(),
				List.of(), Duration.ofSeconds(10), 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
				Duration.ofSeconds(60), Map.of());
		BlackBoxChat chat = (call) -> {
			this.calls.incrementAndGet();
			List<PromptTemplate.Message> messages = call.messages();
			String prompt = messages.get(messages.size() - 1).content();
			this.prompts.put(prompt, Boolean.TRUE);
			int inputAt = prompt.lastIndexOf("\n\nInput: ");
			String instruction = prompt.substring("Instruction: ".length(), inputAt);
			String input = prompt.substring(inputAt + "\n\nInput: ".length(), prompt.length() - "\nOutput:".length());
			return new ChatReply(answer.apply(instruction, input), "stop", 10, 2);
		};
		this.evaluator = new BlackBoxEvaluator(properties, new PricingProperties(Map.of()), new InMemoryCalls(), chat,
				new SimpleMeterRegistry(), (duration) -> {
				}, System::nanoTime);
	}

	public BlackBoxEvaluator evaluator() {
		return this.evaluator;
	}

	/** Calls that reached the black box (paid). */
	public long calls() {
		return this.calls.get();
	}

	/**
	 * Paid calls whose prompt had been paid for before (0 when nothing is paid twice).
	 */
	public long repeatedCalls() {
		return this.calls.get() - this.prompts.size();
	}

	/** The call cache in a map instead of PostgreSQL. */
	private static final class InMemoryCalls extends BlackBoxCallRepository {

		private final Map<String, CachedCall> rows = new ConcurrentHashMap<>();

		InMemoryCalls() {
			super(null);
		}

		@Override
		Optional<CachedCall> find(String cacheKey) {
			return Optional.ofNullable(this.rows.get(cacheKey));
		}

		@Override
		void insert(String cacheKey, CallKey call, CachedCall answer, long latencyMs, UUID firstJobId) {
			this.rows.putIfAbsent(cacheKey, answer);
		}

		@Override
		void recordHit(String cacheKey) {
		}

		@Override
		void recordPaid(UUID jobId, String cacheKey, CallPurpose purpose, String model, CachedCall answer) {
			// the simulation counts its paid calls itself
		}

		@Override
		public long count() {
			return this.rows.size();
		}

	}

}
