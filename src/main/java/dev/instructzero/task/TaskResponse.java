package dev.instructzero.task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A task as the API shows it, with its examples. */
public record TaskResponse(UUID id, String name, String description, Metric metric, int exampleCount,
		int testExampleCount, List<Example> examples, List<Example> testExamples, Instant createdAt) {

	/** An example with all its acceptable outputs. */
	public record Example(String input, List<String> outputs) {

		static Example of(TaskExample example) {
			return new Example(example.input(), example.outputs());
		}

	}

	static TaskResponse of(Task task) {
		return new TaskResponse(task.id(), task.name(), task.description(), task.metric(), task.exampleCount(),
				task.testExampleCount(), task.trainExamples().stream().map(Example::of).toList(),
				task.testExamples().stream().map(Example::of).toList(), task.createdAt());
	}

}
