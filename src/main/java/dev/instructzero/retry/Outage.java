package dev.instructzero.retry;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Riding out an outage that is expected to pass, a database restarting or failing over:
 * the work runs again while its failure may pass, until a time limit; the waits between
 * runs are a {@link RetryPolicy}'s backoff. The one loop for it: a job waiting for its
 * database ({@code JobRunner}) and a paid answer waiting to be written
 * ({@code BlackBoxEvaluator}).
 *
 * @param backoff the waits: its backoff after attempt 1, 2, ... (its {@code Retry-After}
 * settings are not used)
 * @param limit counted from the first attempt: a further attempt is made only if the wait
 * before it ends within the limit
 */
public record Outage(RetryPolicy backoff, Duration limit) {

	/**
	 * Doubling waits from {@code firstWait}, capped at {@code maxWait}, without jitter.
	 */
	public static Outage doubling(Duration firstWait, Duration maxWait, Duration limit) {
		return new Outage(new RetryPolicy(Integer.MAX_VALUE, firstWait, 2.0, maxWait, false, Duration.ZERO,
				RetryPolicy.LongRetryAfter.GIVE_UP), limit);
	}

	/**
	 * Runs {@code work} until it succeeds, fails in a way {@code passes} does not accept,
	 * or the limit is reached; then its last failure is thrown.
	 * @param passes whether a failure may pass (a transient database fault)
	 * @param nanoTime the clock of the limit
	 * @param handler what to log before a wait and what to throw when one is interrupted
	 */
	public void rideOut(Runnable work, Predicate<RuntimeException> passes, Sleeper sleeper, LongSupplier nanoTime,
			Handler handler) {
		long deadline = nanoTime.getAsLong() + this.limit.toNanos();
		for (int attempt = 1;; attempt++) {
			RuntimeException failure;
			try {
				work.run();
				return;
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			Duration wait = this.backoff.waitAfter(attempt, null);
			if (wait == null || !passes.test(failure) || nanoTime.getAsLong() + wait.toNanos() > deadline) {
				throw failure;
			}
			handler.beforeWait(failure, wait);
			try {
				sleeper.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw handler.interrupted(failure, ex);
			}
		}
	}

	/** The caller's part of {@link #rideOut}: its log and its exception. */
	public interface Handler {

		/** Called before waiting {@code wait} after {@code failure}. */
		void beforeWait(RuntimeException failure, Duration wait);

		/**
		 * The exception to throw when a wait was interrupted; the thread's interrupt flag
		 * is already set again.
		 */
		RuntimeException interrupted(RuntimeException failure, InterruptedException ex);

	}

}
