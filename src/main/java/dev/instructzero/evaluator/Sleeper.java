package dev.instructzero.evaluator;

import java.time.Duration;

/** Waits between retries and for rate limits; replaced in tests to observe the waits. */
@FunctionalInterface
interface Sleeper {

	Sleeper SYSTEM = (duration) -> Thread.sleep(duration);

	void sleep(Duration duration) throws InterruptedException;

}
