package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.instructzero.task.Metric;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stopping replica closes its evaluator before its database goes (seen in the resume
 * test under load: JobRunr's stop returned while an evaluation's calls were still under
 * way, the connection pool closed, and a paid answer could not be written, so the resumed
 * job paid for it again). Closing sends nothing more and waits for the calls already sent
 * until their answers are written.
 */
class EvaluatorCloseTest extends EvaluatorTestSupport {

	@Test
	void closeWaitsUntilTheCallsUnderWayAreRecordedAndSendsNoMore() throws Exception {
		String instruction = "Answer yes. " + UUID.randomUUID();
		EvaluationRequest request = new EvaluationRequest(null, instruction, examples(8, "yes"), Metric.EXACT_MATCH);
		Set<String> paidFirst = ConcurrentHashMap.newKeySet();
		CountDownLatch fourUnderWay = new CountDownLatch(4);
		CountDownLatch answer = new CountDownLatch(1);
		BlackBoxChat slow = (call) -> {
			paidFirst.add(call.messages().toString());
			fourUnderWay.countDown();
			awaitAnswer(answer);
			return new ChatReply("yes", "stop", 10, 1);
		};
		ClosingDatabase database = new ClosingDatabase(JdbcClient.create(dataSource()));
		BlackBoxEvaluator first = evaluator(slow, database);
		AtomicReference<@Nullable RuntimeException> outcome = new AtomicReference<>();
		Thread job = Thread.ofVirtual().start(() -> {
			try {
				first.evaluate(request, JobUsage.start(null, null));
			}
			catch (RuntimeException ex) {
				outcome.set(ex);
			}
		});
		assertThat(fourUnderWay.await(30, TimeUnit.SECONDS)).as("four calls under way").isTrue();
		assertThat(first.callsUnderWay()).isEqualTo(4);

		// the replica stops: the evaluator closes, then the database
		Thread stop = Thread.ofPlatform().start(() -> {
			first.close();
			database.closed.set(true);
		});
		await().atMost(Duration.ofSeconds(30)).until(first::isClosed);
		answer.countDown(); // the calls under way answer after the stop began
		stop.join(Duration.ofSeconds(30));
		job.join(Duration.ofSeconds(30));
		assertThat(stop.isAlive()).isFalse();
		assertThat(job.isAlive()).isFalse();

		assertThat(database.refusedWrites).as("answers written after the database closed").isZero();
		assertThat(paidFirst).as("calls sent after the stop began").hasSize(4);
		assertThat(outcome.get()).isInstanceOf(EvaluatorStoppedException.class)
			.hasRootCauseInstanceOf(InterruptedException.class);
		Set<String> paidAgain = ConcurrentHashMap.newKeySet();
		BlackBoxChat counting = (call) -> {
			paidAgain.add(call.messages().toString());
			return new ChatReply("yes", "stop", 10, 1);
		};
		Evaluation resumed = evaluator(counting, new ClosingDatabase(JdbcClient.create(dataSource()))).evaluate(request,
				JobUsage.start(null, null));
		assertThat(resumed.cacheHits()).as("every paid answer was kept").isEqualTo(4);
		assertThat(paidAgain).as("paid again after the stop").hasSize(4).doesNotContainAnyElementsOf(paidFirst);
	}

	@Test
	void closeGivesUpAfterItsLimitAndRefusesCallsFromThen() throws Exception {
		SentCalls calls = new SentCalls();
		calls.sending();
		calls.sending();
		calls.answered();
		assertThat(calls.close(Duration.ofMillis(5))).as("still under way when the limit passed").isEqualTo(1);
		assertThat(calls.isClosed()).isTrue();
		try {
			calls.sending();
			throw new AssertionError("a closed evaluator sent a call");
		}
		catch (EvaluatorStoppedException expected) {
			assertThat(expected).hasMessageContaining("stopping").hasRootCauseInstanceOf(InterruptedException.class);
		}
		calls.answered();
		assertThat(calls.close(Duration.ofDays(1))).as("none under way: returns at once").isZero();
	}

	private BlackBoxEvaluator evaluator(BlackBoxChat chat, BlackBoxCallRepository cache) {
		return new BlackBoxEvaluator(properties(4), new PricingProperties(Map.of()), cache, chat, this.meters,
				this.sleeps::add, System::nanoTime);
	}

	private static void awaitAnswer(CountDownLatch answer) {
		try {
			assertThat(answer.await(60, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			throw new AssertionError("a call under way was interrupted", ex);
		}
	}

	/** Refuses writes once closed, at once, as a closed connection pool does. */
	static final class ClosingDatabase extends BlackBoxCallRepository {

		final AtomicBoolean closed = new AtomicBoolean();

		volatile int refusedWrites;

		ClosingDatabase(JdbcClient jdbc) {
			super(jdbc);
		}

		@Override
		void insert(String cacheKey, CallKey call, CachedCall answer, long latencyMs, @Nullable UUID firstJobId) {
			if (this.closed.get()) {
				this.refusedWrites++;
				throw new IllegalStateException("HikariDataSource has been closed");
			}
			super.insert(cacheKey, call, answer, latencyMs, firstJobId);
		}

	}

}
