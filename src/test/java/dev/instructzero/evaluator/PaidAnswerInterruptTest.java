package dev.instructzero.evaluator;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.instructzero.task.Metric;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stopping replica does not make a paid call be paid twice.
 * <ul>
 * <li>JobRunr interrupts a stopping replica's jobs; an evaluation's {@code close()} then
 * interrupts its call threads. They are virtual threads, where an interrupt closes the
 * thread's sockets in the middle of a read (SQLSTATE 08006 and "Closed by interrupt",
 * seen in the resume test): a call under way would lose its answer, already paid, and so
 * would a write of it. The fakes here fail the same way on an interrupted virtual thread,
 * whatever the timing.</li>
 * <li>JobRunr's stop may return while calls are still under way, and the connection pool
 * closes next (seen in CI: one call paid twice by the resume test). The evaluator is
 * closed before the pool: it sends nothing more and waits until the answers of the calls
 * already sent are written.</li>
 * </ul>
 */
class PaidAnswerInterruptTest extends EvaluatorTestSupport {

	@Test
	void callsUnderWayWhenTheEvaluationIsInterruptedAreKeptAndNeverPaidAgain() throws Exception {
		EvaluationRequest request = eightExamples();
		HeldCalls held = new HeldCalls(4);
		BlackBoxEvaluator first = evaluator(held, new SocketClosedByInterrupt(JdbcClient.create(dataSource())));
		Thread job = Thread.ofVirtual().start(() -> first.evaluate(request, JobUsage.start(null, null)));
		held.awaitUnderWay();

		job.interrupt(); // the replica stops
		held.answer(); // the calls under way answer after the interrupt
		job.join(Duration.ofSeconds(30));
		assertThat(job.isAlive()).isFalse();

		// the four under way, and any the interrupt reached only after its permit was
		// free
		assertThat(held.sent).hasSizeBetween(4, 8);
		assertResumedJobPaysOnlyTheRest(request, held.sent);
	}

	@Test
	void closingWaitsUntilTheCallsUnderWayAreRecordedAndSendsNoMore() throws Exception {
		EvaluationRequest request = eightExamples();
		HeldCalls held = new HeldCalls(4);
		ClosingDatabase database = new ClosingDatabase(JdbcClient.create(dataSource()));
		BlackBoxEvaluator first = evaluator(held, database);
		AtomicReference<@Nullable RuntimeException> outcome = new AtomicReference<>();
		Thread job = Thread.ofVirtual().start(() -> {
			try {
				first.evaluate(request, JobUsage.start(null, null));
			}
			catch (RuntimeException ex) {
				outcome.set(ex);
			}
		});
		held.awaitUnderWay();
		assertThat(first.callsUnderWay()).isEqualTo(4);

		// the replica stops: the evaluator closes, then the database
		Thread stop = Thread.ofPlatform().start(() -> {
			first.close();
			database.closed.set(true);
		});
		await().atMost(Duration.ofSeconds(30)).until(first::isClosed);
		held.answer(); // the calls under way answer after the stop began
		stop.join(Duration.ofSeconds(30));
		job.join(Duration.ofSeconds(30));
		assertThat(stop.isAlive()).isFalse();
		assertThat(job.isAlive()).isFalse();

		assertThat(database.refusedWrites.get()).as("answers written after the database closed").isZero();
		assertThat(held.sent).as("calls sent after the stop began").hasSize(4);
		// seen by the job runner as a stop, not as the black box's failure
		assertThat(outcome.get()).isInstanceOf(EvaluatorStoppedException.class)
			.hasRootCauseInstanceOf(InterruptedException.class);
		assertResumedJobPaysOnlyTheRest(request, held.sent);
	}

	@Test
	void closingGivesUpAfterItsLimitAndRefusesCallsFromThen() throws Exception {
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
			assertThat(expected).hasMessageContaining("stopping");
		}
		calls.answered();
		assertThat(calls.close(Duration.ofDays(1))).as("none under way: returns at once").isZero();
	}

	private static EvaluationRequest eightExamples() {
		return new EvaluationRequest(null, "Answer yes. " + UUID.randomUUID(), examples(8, "yes"), Metric.EXACT_MATCH);
	}

	/**
	 * The job resumed on a healthy replica: the answers paid before the stop come from
	 * the cache, the rest is paid once.
	 */
	private void assertResumedJobPaysOnlyTheRest(EvaluationRequest request, Set<String> paidFirst) {
		Set<String> paidAgain = ConcurrentHashMap.newKeySet();
		BlackBoxChat counting = (call) -> {
			paidAgain.add(call.messages().toString());
			return new ChatReply("yes", "stop", 10, 1);
		};
		Evaluation resumed = evaluator(counting, new BlackBoxCallRepository(JdbcClient.create(dataSource())))
			.evaluate(request, JobUsage.start(null, null));
		assertThat(resumed.cacheHits()).as("every paid answer was kept").isEqualTo(paidFirst.size());
		assertThat(paidAgain).as("paid again after the stop").doesNotContainAnyElementsOf(paidFirst);
		assertThat(paidFirst.size() + paidAgain.size()).isEqualTo(8);
	}

	private BlackBoxEvaluator evaluator(BlackBoxChat chat, BlackBoxCallRepository cache) {
		return new BlackBoxEvaluator(properties(4), new PricingProperties(Map.of()), cache, chat, this.meters,
				this.sleeps::add, System::nanoTime);
	}

	/**
	 * A black box whose calls are held until {@link #answer()}, recording what was sent;
	 * a held call on an interrupted virtual thread fails as its socket would.
	 */
	private static final class HeldCalls implements BlackBoxChat {

		final Set<String> sent = ConcurrentHashMap.newKeySet();

		private final CountDownLatch underWay;

		private final CountDownLatch answer = new CountDownLatch(1);

		HeldCalls(int underWay) {
			this.underWay = new CountDownLatch(underWay);
		}

		@Override
		public ChatReply complete(ChatCall call) {
			this.sent.add(call.messages().toString());
			this.underWay.countDown();
			awaitUninterruptibly(this.answer);
			failIfInterruptedVirtualThread("Closed by interrupt");
			return new ChatReply("yes", "stop", 10, 1);
		}

		void awaitUnderWay() throws InterruptedException {
			assertThat(this.underWay.await(30, TimeUnit.SECONDS)).as("calls under way").isTrue();
		}

		void answer() {
			this.answer.countDown();
		}

	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		boolean interrupted = false;
		while (true) {
			try {
				latch.await();
				break;
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Whether this thread's sockets would be closed: an interrupted virtual thread's are.
	 */
	private static boolean socketsClosedByInterrupt() {
		Thread current = Thread.currentThread();
		return current.isVirtual() && current.isInterrupted();
	}

	/** What an interrupted virtual thread's socket does to a read under way. */
	private static void failIfInterruptedVirtualThread(String what) {
		if (socketsClosedByInterrupt()) {
			throw new RetryableBlackBoxFailure("io", what, null, new java.net.SocketException(what));
		}
	}

	/**
	 * Writes fail on an interrupted virtual thread, as its database socket would close.
	 */
	static final class SocketClosedByInterrupt extends BlackBoxCallRepository {

		SocketClosedByInterrupt(JdbcClient jdbc) {
			super(jdbc);
		}

		@Override
		void insert(String cacheKey, CallKey call, CachedCall answer, long latencyMs, @Nullable UUID firstJobId) {
			if (socketsClosedByInterrupt()) {
				throw new DataAccessResourceFailureException("An I/O error occurred while sending to the backend.",
						new SQLException("Closed by interrupt", "08006"));
			}
			super.insert(cacheKey, call, answer, latencyMs, firstJobId);
		}

	}

	/** Refuses writes once closed, at once, as a closed connection pool does. */
	static final class ClosingDatabase extends BlackBoxCallRepository {

		final AtomicBoolean closed = new AtomicBoolean();

		final AtomicInteger refusedWrites = new AtomicInteger();

		ClosingDatabase(JdbcClient jdbc) {
			super(jdbc);
		}

		@Override
		void insert(String cacheKey, CallKey call, CachedCall answer, long latencyMs, @Nullable UUID firstJobId) {
			if (this.closed.get()) {
				this.refusedWrites.incrementAndGet();
				throw new IllegalStateException("HikariDataSource has been closed");
			}
			super.insert(cacheKey, call, answer, latencyMs, firstJobId);
		}

	}

}
