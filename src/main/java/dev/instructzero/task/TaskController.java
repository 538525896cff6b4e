package dev.instructzero.task;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import dev.instructzero.web.Paging;

import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/tasks")
@Tag(name = "tasks", description = "Input/output examples to find an instruction for")
class TaskController {

	private final TaskService tasks;

	TaskController(TaskService tasks) {
		this.tasks = tasks;
	}

	@PostMapping
	@Operation(summary = "Create a task")
	ResponseEntity<TaskResponse> create(@Valid @RequestBody TaskRequest request) {
		TaskService.CreatedTask created = this.tasks.createWithWarnings(request, "");
		return ResponseEntity.created(URI.create("/tasks/" + created.task().id()))
			.body(TaskResponse.of(created.task(), created.warnings()));
	}

	@GetMapping("/{id}")
	@Operation(summary = "A task with its examples")
	TaskResponse get(@PathVariable UUID id) {
		return this.tasks.get(id);
	}

	@GetMapping
	@Operation(summary = "Tasks, newest first, without their examples")
	PagedModel<TaskSummary> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return new PagedModel<>(this.tasks.list(Paging.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"))));
	}

}
