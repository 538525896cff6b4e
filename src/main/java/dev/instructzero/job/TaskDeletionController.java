package dev.instructzero.job;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /tasks/{id}}: here rather than in the task package because a task goes
 * with its jobs, which the task package does not know.
 */
@RestController
@Tag(name = "tasks")
class TaskDeletionController {

	private final JobService jobs;

	TaskDeletionController(JobService jobs) {
		this.jobs = jobs;
	}

	@DeleteMapping("/tasks/{id}")
	@Operation(operationId = "deleteTask",
			summary = "Delete a task with its jobs and their trials (204; 409 while one of its jobs runs)")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		this.jobs.deleteTask(id);
		return ResponseEntity.noContent().build();
	}

}
