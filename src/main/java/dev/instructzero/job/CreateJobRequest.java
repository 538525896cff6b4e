package dev.instructzero.job;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import dev.instructzero.task.TaskRequest;

/**
 * Body of {@code POST /jobs}: a task by id or inline (exactly one), and optional
 * strategy, model, budget and settings; {@code callbackUrl} is POSTed the job's summary
 * when it ends (its host must be in {@code instructzero.callbacks.allowed-hosts}).
 */
public record CreateJobRequest(UUID taskId, @Valid TaskRequest task, Strategy strategy,
		@Size(max = 200) String blackBoxModel, @Valid JobBudget budget, @Valid JobSettings settings,
		@Size(max = 2000) String callbackUrl) {
}
