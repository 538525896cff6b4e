package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/jobs")
@Tag(name = "jobs", description = "Instruction optimisation jobs")
class JobController {

	private final JobService jobs;

	private final JobEventStreams streams;

	JobController(JobService jobs, JobEventStreams streams) {
		this.jobs = jobs;
		this.streams = streams;
	}

	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(operationId = "streamJobEvents",
			summary = "Server-Sent Events: the current state, then one event per trial (id: its ordinal) and "
					+ "status change; Last-Event-ID replays the trials after that ordinal; 429 when the replica serves "
					+ "its maximum of streams")
	SseEmitter events(@PathVariable UUID id,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
		return this.streams.open(id, parseLastEventId(lastEventId));
	}

	private static @Nullable Integer parseLastEventId(@Nullable String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(lastEventId.strip());
		}
		catch (NumberFormatException ex) {
			throw InvalidRequestException.badField("Last-Event-ID",
					"'" + lastEventId + "' is not the id of an event of this stream (a trial ordinal)");
		}
	}

	@PostMapping
	@Operation(operationId = "createJob", summary = "Start an optimisation job (202, QUEUED)")
	ResponseEntity<JobResponse> create(@Valid @RequestBody CreateJobRequest request) {
		JobResponse job = this.jobs.create(request);
		return ResponseEntity.accepted().location(URI.create("/jobs/" + job.id())).body(job);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getJob", summary = "A job with its progress")
	JobResponse get(@PathVariable UUID id) {
		return this.jobs.get(id);
	}

	@GetMapping
	@Operation(operationId = "listJobs", summary = "Jobs, newest first, optionally filtered by status")
	PagedModel<JobResponse> list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return new PagedModel<>(
				this.jobs.list(parseStatus(status), Paging.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"))));
	}

	@PostMapping("/{id}/cancel")
	@Operation(operationId = "cancelJob", summary = "Cancel a job (202; 409 if already finished)")
	ResponseEntity<JobResponse> cancel(@PathVariable UUID id) {
		return ResponseEntity.accepted().body(this.jobs.cancel(id));
	}

	@PostMapping("/{id}/resume")
	@Operation(operationId = "resumeJob",
			summary = "Continue a FAILED or CANCELLED job from its trials (202, QUEUED; 409 otherwise)")
	ResponseEntity<JobResponse> resume(@PathVariable UUID id) {
		return ResponseEntity.accepted().body(this.jobs.resume(id));
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "deleteJob",
			summary = "Delete a finished job with its trials (204; 409 while QUEUED or RUNNING)")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		this.jobs.delete(id);
		return ResponseEntity.noContent().build();
	}

	private static @Nullable JobStatus parseStatus(@Nullable String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return JobStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw InvalidRequestException.badField("status",
					"unknown status '" + status + "' (expected QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED)");
		}
	}

}
