package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.instructzero.task.Metric;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest extends EvaluatorTestSupport {

	@Test
	void twentySlowCallsWithConcurrencySixteenOverlapOverHttp() {
		openAi.server.stubFor(WireMock.post(OpenAiStub.PATH).willReturn(OpenAiStub.answer("yes").withFixedDelay(100)));

		Evaluation evaluation = evaluator(properties(16)).evaluate(
				new EvaluationRequest(null, "Answer yes.", examples(20, "yes"), Metric.EXACT_MATCH),
				JobUsage.start(null, null));

		assertThat(evaluation.paidCalls()).isEqualTo(20);
		List<ServeEvent> events = openAi.server.getAllServeEvents();
		assertThat(events).hasSize(20);
		int maxInFlight = maxInFlight(events);
		// overlapping round trips (16 + 4), not twenty one after the other; the exact
		// limit is asserted without HTTP timing below
		assertThat(maxInFlight).isBetween(2, 16);
	}

	@Test
	void concurrencyReachesButNeverExceedsTheLimit() throws Exception {
		int limit = 16;
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxSeen = new AtomicInteger();
		CountDownLatch allSlotsBusy = new CountDownLatch(limit);
		BlackBoxChat chat = (call) -> {
			int now = inFlight.incrementAndGet();
			maxSeen.accumulateAndGet(now, Math::max);
			allSlotsBusy.countDown();
			try {
				// the first calls only return once `limit` of them run at the same time
				if (!allSlotsBusy.await(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("never reached " + limit + " parallel calls");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				inFlight.decrementAndGet();
			}
			return new ChatReply("yes", "stop", 10, 1);
		};
		BlackBoxEvaluator evaluator = new BlackBoxEvaluator(properties(limit), new PricingProperties(Map.of()),
				new BlackBoxCallRepository(JdbcClient.create(dataSource())), chat, this.meters, this.sleeps::add,
				System::nanoTime);

		Evaluation evaluation = evaluator.evaluate(
				new EvaluationRequest(null, "Answer yes.", examples(20, "yes"), Metric.EXACT_MATCH),
				JobUsage.start(null, null));

		assertThat(evaluation.paidCalls()).isEqualTo(20);
		assertThat(maxSeen.get()).isEqualTo(limit);
	}

	@Test
	void cacheLookupsQueueInTheEvaluatorNotInTheConnectionPool() {
		// 40 examples ask the cache at once; at most half the black-box slots may hold a
		// database connection for it, the rest wait (without a deadline) for a turn
		int limit = 8;
		int bound = BlackBoxEvaluator.cacheAccessPermits(properties(limit));
		assertThat(bound).isEqualTo(4);
		AtomicInteger looking = new AtomicInteger();
		AtomicInteger maxSeen = new AtomicInteger();
		CountDownLatch boundReached = new CountDownLatch(bound);
		BlackBoxCallRepository cache = new BlackBoxCallRepository(JdbcClient.create(dataSource())) {
			@Override
			java.util.Optional<CachedCall> find(String cacheKey) {
				int now = looking.incrementAndGet();
				maxSeen.accumulateAndGet(now, Math::max);
				boundReached.countDown();
				try {
					// the first lookups only return once `bound` of them run together
					if (!boundReached.await(10, TimeUnit.SECONDS)) {
						throw new IllegalStateException("never reached " + bound + " parallel lookups");
					}
					return super.find(cacheKey);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				finally {
					looking.decrementAndGet();
				}
			}
		};
		BlackBoxChat chat = (call) -> new ChatReply("yes", "stop", 10, 1);
		BlackBoxEvaluator evaluator = new BlackBoxEvaluator(properties(limit), new PricingProperties(Map.of()), cache,
				chat, this.meters, this.sleeps::add, System::nanoTime);

		Evaluation evaluation = evaluator.evaluate(
				new EvaluationRequest(null, "Answer yes, again.", examples(40, "yes"), Metric.EXACT_MATCH),
				JobUsage.start(null, null));

		assertThat(evaluation.paidCalls()).isEqualTo(40);
		assertThat(maxSeen.get()).isEqualTo(bound);
	}

	@Test
	void requestsPerMinuteLimitMakesLaterCallsWait() {
		openAi.answerAll("yes");
		EvaluatorProperties limited = properties(16, 5, List.of(),
				Map.of("gpt-test", new EvaluatorProperties.RateLimit(3, 0)));

		evaluator(limited).evaluate(new EvaluationRequest(null, "Answer yes.", examples(5, "yes"), Metric.EXACT_MATCH),
				JobUsage.start(null, null));

		// three calls fit the minute's allowance; the fourth and fifth wait ~20 s and ~40
		// s
		// (the waits are recorded, not slept)
		assertThat(this.sleeps).hasSize(2);
		List<Long> seconds = this.sleeps.stream().map(Duration::toSeconds).sorted().toList();
		assertThat(seconds.get(0)).isBetween(18L, 20L);
		assertThat(seconds.get(1)).isBetween(38L, 40L);
	}

	/**
	 * Most requests the stub was serving at once, from receipt times and serve durations.
	 */
	private static int maxInFlight(List<ServeEvent> events) {
		List<long[]> intervals = new ArrayList<>();
		for (ServeEvent event : events) {
			long start = event.getRequest().getLoggedDate().getTime();
			intervals.add(new long[] { start, start + event.getTiming().getTotalTime() });
		}
		int max = 0;
		for (long[] candidate : intervals) {
			int overlapping = 0;
			for (long[] other : intervals) {
				if (other[0] <= candidate[0] && candidate[0] < other[1]) {
					overlapping++;
				}
			}
			max = Math.max(max, overlapping);
		}
		return max;
	}

}
