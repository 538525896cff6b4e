package dev.instructzero.task;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A task in a list: everything but its examples. */
record TaskSummary(UUID id, String name, @Nullable String description, Metric metric, int exampleCount,
		int testExampleCount, Instant createdAt) {

	static TaskSummary of(Task task) {
		return new TaskSummary(task.id(), task.name(), task.description(), task.metric(), task.exampleCount(),
				task.testExampleCount(), task.createdAt());
	}

}
