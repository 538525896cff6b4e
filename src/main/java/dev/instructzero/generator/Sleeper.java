package dev.instructzero.generator;

import java.time.Duration;

/** Waits between retries; replaced in tests so that they never sleep. */
@FunctionalInterface
interface Sleeper {

	/** Sleeps with {@link Thread#sleep(Duration)}. */
	Sleeper THREAD = Thread::sleep;

	void sleep(Duration duration) throws InterruptedException;

}
