package dev.instructzero.transfer;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/jobs/{id}/transfer")
@Tag(name = "jobs", description = "Instruction optimisation jobs")
class TransferController {

	private final TransferService transfer;

	TransferController(TransferService transfer) {
		this.transfer = transfer;
	}

	@PostMapping
	@Operation(operationId = "transferJob",
			summary = "Score the finished job's top-k distinct instructions (default 5) with each of the given "
					+ "allowed black-box models on the task's test examples (the dev pool without them), inside the request "
					+ "and within its budget; cells already scored are not paid again. 200 with the table; 409 while the job "
					+ "runs; 400 naming the field for a model not allowed or a request above instructzero.transfer.max-calls")
	TransferResponse transfer(@PathVariable UUID id, @Valid @RequestBody TransferRequest request) {
		return this.transfer.transfer(id, request);
	}

	@GetMapping
	@Operation(operationId = "getJobTransfer",
			summary = "The job's transfer table so far: instruction × model with scores, calls and cost")
	TransferResponse table(@PathVariable UUID id) {
		return this.transfer.stored(id);
	}

}
