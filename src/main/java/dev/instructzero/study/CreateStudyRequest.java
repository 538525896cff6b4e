package dev.instructzero.study;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.instructzero.task.TaskRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Body of {@code POST /studies}.
 *
 * @param name a label for people (optional)
 * @param taskId the task of every job, by id (exactly one of taskId and task)
 * @param task the task of every job, inline (stored once, like {@code POST /tasks})
 * @param baseJob what every job shares: a {@code POST /jobs} body without task and seed
 * (strategy, blackBoxModel, settings, budget, callbackUrl)
 * @param grid setting → values; the arms are every combination (empty or absent: one arm)
 * @param seeds jobs per arm; seed j (from 0) of every arm is {@code firstSeed + j}, so
 * the arms are compared on the same seeds
 * @param firstSeed the first seed (drawn at random when absent)
 * @param baseline the arm the others are compared with, as its value for every grid key
 * (the first arm when absent)
 * @param budget the budget of all jobs together, split equally among them
 */
record CreateStudyRequest(@Size(max = 200) @Nullable String name, @Nullable UUID taskId,
		@Valid @Nullable TaskRequest task, @Schema(implementation = Map.class) @Nullable ObjectNode baseJob,
		@Nullable Map<String, List<JsonNode>> grid, @NotNull @Min(1) @Max(50) Integer seeds, @Nullable Long firstSeed,
		@Nullable Map<String, JsonNode> baseline, @Valid @Nullable StudyBudget budget) {

}
