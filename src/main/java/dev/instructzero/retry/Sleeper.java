package dev.instructzero.retry;

import java.time.Duration;

/**
 * Every wait of the service: between retries and for rate limits (vLLM, the black box),
 * and while a job rides out a database outage; replaced in tests to observe the waits
 * instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {

	/** Sleeps with {@link Thread#sleep(Duration)}. */
	Sleeper THREAD = Thread::sleep;

	void sleep(Duration duration) throws InterruptedException;

}
