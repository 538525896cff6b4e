package dev.instructzero.evaluator;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.instructzero.task.Metric;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An interrupt does not make a paid call be paid twice. JobRunr interrupts a stopping
 * replica's jobs; an evaluation's {@code close()} then interrupts its call threads. They
 * are virtual threads, where an interrupt closes the thread's sockets in the middle of a
 * read (SQLSTATE 08006 and "Closed by interrupt", seen in the resume test): a call under
 * way would lose its answer, already paid, and so would a write of it, and the resumed
 * job would pay again. The fakes here fail the same way on an interrupted virtual thread,
 * whatever the timing.
 */
class PaidAnswerInterruptTest extends EvaluatorTestSupport {

	@Test
	void callsUnderWayWhenTheEvaluationIsInterruptedAreKeptAndNeverPaidAgain() throws Exception {
		String instruction = "Answer yes. " + UUID.randomUUID();
		EvaluationRequest request = new EvaluationRequest(null, instruction, examples(8, "yes"), Metric.EXACT_MATCH);
		Set<String> paidFirst = ConcurrentHashMap.newKeySet();
		CountDownLatch fourUnderWay = new CountDownLatch(4);
		CountDownLatch answer = new CountDownLatch(1);
		BlackBoxChat slow = (call) -> {
			paidFirst.add(call.messages().toString());
			fourUnderWay.countDown();
			awaitUninterruptibly(answer);
			failIfInterruptedVirtualThread("Closed by interrupt");
			return new ChatReply("yes", "stop", 10, 1);
		};
		BlackBoxEvaluator first = evaluator(slow);
		Thread job = Thread.ofVirtual().start(() -> first.evaluate(request, JobUsage.start(null, null)));
		assertThat(fourUnderWay.await(30, TimeUnit.SECONDS)).as("four calls under way").isTrue();

		job.interrupt(); // the replica stops
		answer.countDown(); // the calls under way answer after the interrupt
		job.join(Duration.ofSeconds(30));
		assertThat(job.isAlive()).isFalse();

		// the four under way, and any the interrupt reached only after its permit was
		// free
		assertThat(paidFirst).hasSizeBetween(4, 8);
		Set<String> paidAgain = ConcurrentHashMap.newKeySet();
		BlackBoxChat counting = (call) -> {
			paidAgain.add(call.messages().toString());
			return new ChatReply("yes", "stop", 10, 1);
		};
		Evaluation resumed = evaluator(counting).evaluate(request, JobUsage.start(null, null));
		assertThat(resumed.cacheHits()).as("every paid answer was kept").isEqualTo(paidFirst.size());
		assertThat(paidAgain).as("paid again after the interrupt").doesNotContainAnyElementsOf(paidFirst);
		assertThat(paidFirst.size() + paidAgain.size()).isEqualTo(8);
	}

	private BlackBoxEvaluator evaluator(BlackBoxChat chat) {
		return new BlackBoxEvaluator(properties(4), new PricingProperties(Map.of()),
				new SocketClosedByInterrupt(JdbcClient.create(dataSource())), chat, this.meters, this.sleeps::add,
				System::nanoTime);
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

}
