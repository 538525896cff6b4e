package dev.instructzero.generator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.instructzero.retry.Sleeper;

/** Records the waits asked for instead of sleeping. */
final class RecordingSleeper implements Sleeper {

	final List<Duration> waits = new CopyOnWriteArrayList<>();

	@Override
	public void sleep(Duration duration) {
		this.waits.add(duration);
	}

}
