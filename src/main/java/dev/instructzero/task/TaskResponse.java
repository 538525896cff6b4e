package dev.instructzero.task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A task as the API shows it, with its examples. {@code warnings} lists what
 * {@code POST /tasks} changed in the given examples (empty otherwise).
 */
public record TaskResponse(UUID id, String name, @Nullable String description, Metric metric,
		MetricOptions metricOptions, List<PromptTemplate.Message> promptTemplate, int exampleCount,
		int testExampleCount, List<Example> examples, List<Example> testExamples, Instant createdAt,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

	/** An example with all its acceptable outputs. */
	public record Example(String input, List<String> outputs) {

		static Example of(TaskExample example) {
			return new Example(example.input(), example.outputs());
		}

	}

	static TaskResponse of(Task task) {
		return of(task, List.of());
	}

	static TaskResponse of(Task task, List<String> warnings) {
		return new TaskResponse(task.id(), task.name(), task.description(), task.metric(), task.metricOptions(),
				task.promptTemplate().messages(), task.exampleCount(), task.testExampleCount(),
				task.trainExamples().stream().map(Example::of).toList(),
				task.testExamples().stream().map(Example::of).toList(), task.createdAt(), List.copyOf(warnings));
	}

}
