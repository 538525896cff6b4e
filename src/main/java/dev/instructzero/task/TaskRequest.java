package dev.instructzero.task;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /tasks}, and the inline {@code task} of {@code POST /jobs}.
 *
 * @param name short name
 * @param description optional free text
 * @param metric scoring rule
 * @param examples the examples a job splits into exemplars and dev examples
 * @param testExamples optional held-out examples that score the best instruction
 * @param metricOptions optional parameters of the metric ({@code regex}, {@code numeric},
 * {@code json}, {@code choice})
 * @param promptTemplate optional chat template of the black-box prompt; absent = APE's
 * single user message
 */
public record TaskRequest(@NotBlank @Size(max = TaskLimits.MAX_NAME_LENGTH) String name,
		@Size(max = TaskLimits.MAX_DESCRIPTION_LENGTH) @Nullable String description, @NotNull Metric metric,
		@NotEmpty @Size(max = TaskLimits.MAX_EXAMPLES,
				message = "at most " + TaskLimits.MAX_EXAMPLES
						+ " examples per task") List<@NotNull @Valid ExampleRequest> examples,
		@Size(max = TaskLimits.MAX_EXAMPLES,
				message = "at most " + TaskLimits.MAX_EXAMPLES
						+ " test examples per task") @Nullable List<@NotNull @Valid ExampleRequest> testExamples,
		@Nullable MetricOptions metricOptions, @Nullable List<PromptMessageRequest> promptTemplate) {

	/** A task with the default metric options and prompt template. */
	public TaskRequest(String name, String description, Metric metric, List<ExampleRequest> examples,
			List<ExampleRequest> testExamples) {
		this(name, description, metric, examples, testExamples, null, null);
	}

	/**
	 * One message of a prompt template (validated by {@link TaskService}, which names the
	 * offending field).
	 *
	 * @param role {@code system}, {@code user} or {@code assistant}
	 * @param content the text, with {@code {instruction}} and {@code {input}}
	 * placeholders
	 */
	public record PromptMessageRequest(@Nullable String role, @Nullable String content) {
	}

	/**
	 * One example: {@code {"input", "output"}} or {@code {"input", "outputs": [...]}}.
	 *
	 * @param input the input text
	 * @param output the single acceptable output
	 * @param outputs several acceptable outputs
	 */
	public record ExampleRequest(
			@NotNull @Size(max = TaskLimits.MAX_TEXT_LENGTH,
					message = "at most " + TaskLimits.MAX_TEXT_LENGTH + " characters") String input,
			@Size(max = TaskLimits.MAX_TEXT_LENGTH,
					message = "at most " + TaskLimits.MAX_TEXT_LENGTH + " characters") @Nullable String output,
			@Size(min = 1, max = TaskLimits.MAX_OUTPUTS, message = "between 1 and " + TaskLimits.MAX_OUTPUTS
					+ " acceptable outputs") @Nullable List<@NotNull @Size(max = TaskLimits.MAX_TEXT_LENGTH,
							message = "at most " + TaskLimits.MAX_TEXT_LENGTH + " characters") String> outputs) {

		/** The acceptable outputs, whichever form was given. */
		List<String> acceptableOutputs() {
			return (this.outputs != null) ? this.outputs : List.of(this.output);
		}

	}

}
