package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

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
public record CreateJobRequest(@Nullable UUID taskId, @Valid @Nullable TaskRequest task, @Nullable Strategy strategy,
		@Size(max = 200) @Nullable String blackBoxModel, @Valid @Nullable JobBudget budget,
		@Valid @Nullable JobSettings settings, @Size(max = 2000) @Nullable String callbackUrl,
		@Size(max = 100) @Nullable String generatorModel) {

	/** A request without a generator choice (the first configured generator). */
	public CreateJobRequest(@Nullable UUID taskId, @Nullable TaskRequest task, @Nullable Strategy strategy,
			@Nullable String blackBoxModel, @Nullable JobBudget budget, @Nullable JobSettings settings,
			@Nullable String callbackUrl) {
		this(taskId, task, strategy, blackBoxModel, budget, settings, callbackUrl, null);
	}

}
