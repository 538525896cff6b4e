package dev.instructzero.job;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import dev.instructzero.evaluator.JobBudget;
import dev.instructzero.task.TaskRequest;

/**
 * Body of {@code POST /jobs}: a task by id or inline (exactly one), and optional
 * strategy, model, budget and settings; {@code callbackUrl} is POSTed the job's summary
 * when it ends (its host must be in {@code instructzero.callbacks.allowed-hosts});
 * {@code generatorModel} names a configured generator
 * ({@code instructzero.generator.models[<name>]}, or {@code default}) for the soft-prompt
 * strategies, the first configured one when absent; APE ignores it.
 */
public record CreateJobRequest(UUID taskId, @Valid TaskRequest task, Strategy strategy,
		@Size(max = 200) String blackBoxModel, @Valid JobBudget budget, @Valid JobSettings settings,
		@Size(max = 2000) String callbackUrl, @Size(max = 100) String generatorModel) {

	/** A request without a generator choice (the first configured generator). */
	public CreateJobRequest(UUID taskId, TaskRequest task, Strategy strategy, String blackBoxModel, JobBudget budget,
			JobSettings settings, String callbackUrl) {
		this(taskId, task, strategy, blackBoxModel, budget, settings, callbackUrl, null);
	}

}
