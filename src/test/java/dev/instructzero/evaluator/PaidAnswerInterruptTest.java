package dev.instructzero.evaluator;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.instructzero.task.Metric;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A paid answer is stored even when the calling thread is interrupted right after the
 * answer arrives (JobRunr interrupts a job's threads when its replica stops). The calls
 * run on virtual threads, where an interrupt closes the thread's database socket: a write
 * on that thread would fail and the paid answer would be asked, and paid, again.
 */
class PaidAnswerInterruptTest extends EvaluatorTestSupport {

	@Test
	void anInterruptRightAfterAPaidAnswerDoesNotLoseIt() {
		String instruction = "Answer yes. " + UUID.randomUUID();
		EvaluationRequest request = new EvaluationRequest(null, instruction, examples(8, "yes"), Metric.EXACT_MATCH);
		AtomicInteger paid = new AtomicInteger();
		BlackBoxChat interruptedAfterAnswering = (call) -> {
			paid.incrementAndGet();
			Thread.currentThread().interrupt();
			return new ChatReply("yes", "stop", 10, 1);
		};

		catchThrowable(() -> evaluator(interruptedAfterAnswering).evaluate(request, JobUsage.start(null, null)));

		assertThat(paid).hasValue(8);
		AtomicInteger paidAgain = new AtomicInteger();
		BlackBoxChat counting = (call) -> {
			paidAgain.incrementAndGet();
			return new ChatReply("yes", "stop", 10, 1);
		};
		Evaluation again = evaluator(counting).evaluate(request, JobUsage.start(null, null));
		assertThat(again.cacheHits()).isEqualTo(8);
		assertThat(paidAgain).as("answers paid again after the interrupt").hasValue(0);
	}

	private BlackBoxEvaluator evaluator(BlackBoxChat chat) {
		return new BlackBoxEvaluator(properties(4), new PricingProperties(Map.of()),
				new SocketClosedByInterrupt(JdbcClient.create(dataSource())), chat, this.meters, this.sleeps::add,
				System::nanoTime);
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
			Thread current = Thread.currentThread();
			if (current.isVirtual() && current.isInterrupted()) {
				throw new DataAccessResourceFailureException("An I/O error occurred while sending to the backend.",
						new SQLException("Closed by interrupt", "08006"));
			}
			super.insert(cacheKey, call, answer, latencyMs, firstJobId);
		}

	}

}
