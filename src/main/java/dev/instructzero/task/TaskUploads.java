package dev.instructzero.task;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.instructzero.web.FieldViolation;
import dev.instructzero.web.InvalidRequestException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Creates a task from an uploaded CSV or JSON Lines file and its metadata (query
 * parameters or multipart fields): the same rules as a JSON {@code POST /tasks}, with
 * errors about an example naming its line ({@code line 7}).
 */
@Service
class TaskUploads {

	private static final Pattern EXAMPLE_FIELD = Pattern.compile("^(examples|testExamples)\\[\\d+\\][^:]*");

	/** The file formats an upload may have. */
	enum Format {

		CSV, JSON_LINES

	}

	/**
	 * The metadata of an upload, as given (all optional here, checked by
	 * {@link #create}).
	 */
	record Metadata(@Nullable String name, @Nullable String metric, @Nullable String description,
			@Nullable String metricOptions, @Nullable String promptTemplate) {
	}

	private final TaskService tasks;

	private final JsonMapper json;

	private final Validator validator;

	TaskUploads(TaskService tasks, JsonMapper json, Validator validator) {
		this.tasks = tasks;
		this.json = json;
		this.validator = validator;
	}

	/**
	 * @throws InvalidRequestException naming the bad metadata field or the file's line
	 */
	TaskService.CreatedTask create(Format format, byte[] content, Metadata metadata) {
		List<FieldViolation> violations = new ArrayList<>();
		Metric metric = null;
		if (metadata.metric() == null) {
			violations.add(new FieldViolation("metric", "must not be null"));
		}
		else {
			try {
				metric = Metric.fromWireName(metadata.metric());
			}
			catch (IllegalArgumentException ex) {
				violations.add(new FieldViolation("metric", ex.getMessage()));
			}
		}
		MetricOptions options = null;
		if (metadata.metricOptions() != null && !metadata.metricOptions().isBlank()) {
			try {
				options = this.json.readValue(metadata.metricOptions(), MetricOptions.class);
			}
			catch (JacksonException ex) {
				violations.add(new FieldViolation("metricOptions", "not a JSON object of metric options: "
						+ String.valueOf(ex.getOriginalMessage()).lines().findFirst().orElse("")));
			}
		}
		List<TaskRequest.PromptMessageRequest> template = null;
		if (metadata.promptTemplate() != null && !metadata.promptTemplate().isBlank()) {
			try {
				template = this.json.readValue(metadata.promptTemplate(),
						new TypeReference<List<TaskRequest.PromptMessageRequest>>() {
						});
			}
			catch (JacksonException ex) {
				violations.add(new FieldViolation("promptTemplate", "not a JSON array of {role, content} messages"));
			}
		}
		String text = decode(content, violations);
		if (!violations.isEmpty()) {
			throw invalid(violations);
		}
		TaskUpload.Examples examples = (format == Format.CSV) ? TaskUpload.csv(text, this.json)
				: TaskUpload.jsonLines(text, this.json);
		// a missing or unknown metric was a violation above
		@SuppressWarnings("NullAway") // a missing name is a violation of the validation
										// below
		TaskRequest request = new TaskRequest(metadata.name(), metadata.description(), Objects.requireNonNull(metric),
				examples.examples(), examples.testExamples().isEmpty() ? null : examples.testExamples(), options,
				template);
		Set<ConstraintViolation<TaskRequest>> constraints = this.validator.validate(request);
		if (!constraints.isEmpty()) {
			for (ConstraintViolation<TaskRequest> constraint : constraints) {
				String path = constraint.getPropertyPath().toString().replace(".<list element>", "");
				violations.add(examples.onLines(new FieldViolation(path, constraint.getMessage())));
			}
			violations.sort(Comparator.comparing(FieldViolation::field));
			throw invalid(violations);
		}
		try {
			TaskService.CreatedTask created = this.tasks.createWithWarnings(request, "");
			return new TaskService.CreatedTask(created.task(),
					created.warnings().stream().map((w) -> onLines(w, examples)).toList());
		}
		catch (InvalidRequestException ex) {
			throw ex.restated(ex.detail(), ex.violations().stream().map(examples::onLines).toList());
		}
	}

	// "examples[3].outputs[1]: dropped ..." → "line 5: outputs[1]: dropped ..."
	private static String onLines(String warning, TaskUpload.Examples examples) {
		Matcher field = EXAMPLE_FIELD.matcher(warning);
		if (!field.find()) {
			return warning;
		}
		FieldViolation renamed = examples.onLines(new FieldViolation(field.group(), ""));
		String rest = warning.substring(field.end());
		return renamed.field() + ": " + renamed.message() + (rest.startsWith(": ") ? rest.substring(2) : rest);
	}

	private static String decode(byte[] content, List<FieldViolation> violations) {
		if (content == null || content.length == 0) {
			violations.add(new FieldViolation("file", "the upload is empty"));
			return "";
		}
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(content))
				.toString();
			return text.startsWith("\uFEFF") ? text.substring(1) : text;
		}
		catch (CharacterCodingException ex) {
			violations.add(new FieldViolation("file", "not UTF-8 text"));
			return "";
		}
	}

	private static InvalidRequestException invalid(List<FieldViolation> violations) {
		return new InvalidRequestException("Invalid upload.", violations);
	}

}
