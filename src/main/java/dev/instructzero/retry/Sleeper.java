package dev.instructzero.retry;

import java.time.Duration;

/**
 * Waits between retries and for rate limits, for both outbound clients (vLLM and the
 * black box); replaced in tests to observe the waits instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {

	/** Sleeps with {@link Thread#sleep(Duration)}. */
	Sleeper THREAD = Thread::sleep;

	void sleep(Duration duration) throws InterruptedException;

}
