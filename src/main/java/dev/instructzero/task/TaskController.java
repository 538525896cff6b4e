package dev.instructzero.task;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import dev.instructzero.web.InvalidRequestException;
import dev.instructzero.web.Paging;

import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/tasks")
@Tag(name = "tasks", description = "Input/output examples to find an instruction for")
class TaskController {

	private final TaskService tasks;

	private final TaskUploads uploads;

	TaskController(TaskService tasks, TaskUploads uploads) {
		this.tasks = tasks;
		this.uploads = uploads;
	}

	@PostMapping
	@Operation(operationId = "createTask", summary = "Create a task (the same path also takes a CSV body "
			+ "(text/csv), JSON Lines (application/x-ndjson) or a multipart file part named 'file', see README)")
	ResponseEntity<TaskResponse> create(@Valid @RequestBody TaskRequest request) {
		return created(this.tasks.createWithWarnings(request, ""));
	}

	@PostMapping(consumes = "text/csv")
	// one operation per path and method in the OpenAPI document: createTask
	@Operation(hidden = true, summary = "Create a task from a CSV body (header: input, output..., outputs, split)")
	ResponseEntity<TaskResponse> createFromCsv(@RequestBody byte[] body, @RequestParam(required = false) String name,
			@RequestParam(required = false) String metric, @RequestParam(required = false) String description,
			@RequestParam(required = false) String metricOptions,
			@RequestParam(required = false) String promptTemplate) {
		return created(this.uploads.create(TaskUploads.Format.CSV, body,
				new TaskUploads.Metadata(name, metric, description, metricOptions, promptTemplate)));
	}

	@PostMapping(consumes = { "application/x-ndjson", "application/jsonl" })
	// one operation per path and method in the OpenAPI document: createTask
	@Operation(hidden = true, summary = "Create a task from a JSON Lines body (one {input, output(s), split} per line)")
	ResponseEntity<TaskResponse> createFromJsonLines(@RequestBody byte[] body,
			@RequestParam(required = false) String name, @RequestParam(required = false) String metric,
			@RequestParam(required = false) String description, @RequestParam(required = false) String metricOptions,
			@RequestParam(required = false) String promptTemplate) {
		return created(this.uploads.create(TaskUploads.Format.JSON_LINES, body,
				new TaskUploads.Metadata(name, metric, description, metricOptions, promptTemplate)));
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	// one operation per path and method in the OpenAPI document: createTask
	@Operation(hidden = true, summary = "Create a task from an uploaded .csv or .jsonl file part named 'file'")
	ResponseEntity<TaskResponse> createFromFile(@RequestPart(name = "file", required = false) MultipartFile file,
			@RequestParam(required = false) String name, @RequestParam(required = false) String metric,
			@RequestParam(required = false) String description, @RequestParam(required = false) String metricOptions,
			@RequestParam(required = false) String promptTemplate) throws IOException {
		if (file == null) {
			throw InvalidRequestException.badField("file", "a part named 'file' with the CSV or JSON Lines examples");
		}
		return created(this.uploads.create(formatOf(file), file.getBytes(),
				new TaskUploads.Metadata(name, metric, description, metricOptions, promptTemplate)));
	}

	private static TaskUploads.Format formatOf(MultipartFile file) {
		String type = (file.getContentType() != null) ? file.getContentType() : "";
		String filename = (file.getOriginalFilename() != null) ? file.getOriginalFilename().toLowerCase(Locale.ROOT)
				: "";
		if (type.startsWith("text/csv") || filename.endsWith(".csv")) {
			return TaskUploads.Format.CSV;
		}
		if (type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl")
				|| filename.endsWith(".jsonl") || filename.endsWith(".ndjson")) {
			return TaskUploads.Format.JSON_LINES;
		}
		throw InvalidRequestException.badField("file",
				"a CSV (.csv, text/csv) or JSON Lines (.jsonl, application/x-ndjson) file");
	}

	private static ResponseEntity<TaskResponse> created(TaskService.CreatedTask created) {
		return ResponseEntity.created(URI.create("/tasks/" + created.task().id()))
			.body(TaskResponse.of(created.task(), created.warnings()));
	}

	@GetMapping("/{id}/examples")
	@Operation(operationId = "listTaskExamples",
			summary = "A page of a task's examples (split=train or test), in stored order")
	PagedModel<TaskExampleItem> examples(@PathVariable UUID id, @RequestParam(defaultValue = "train") String split,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		if (!split.equals("train") && !split.equals("test")) {
			throw InvalidRequestException.badField("split", "must be train or test");
		}
		return new PagedModel<>(
				this.tasks.examples(id, split.equals("test") ? TaskExample.Split.TEST : TaskExample.Split.TRAIN,
						Paging.of(page, size, Sort.unsorted())));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getTask", summary = "A task with its examples")
	TaskResponse get(@PathVariable UUID id) {
		return this.tasks.get(id);
	}

	@GetMapping
	@Operation(operationId = "listTasks", summary = "Tasks, newest first, without their examples")
	PagedModel<TaskSummary> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return new PagedModel<>(this.tasks.list(Paging.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"))));
	}

}
