package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;

import dev.instructzero.evaluator.JobBudget;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The budget of a job that does not name one
 * ({@code instructzero.jobs.default-budget.*}): each limit a request leaves out is taken
 * from here, so no job spends without bound on the operator's key. Absent here = no
 * default for that limit.
 *
 * @param maxTrials trials
 * @param maxBlackBoxCalls paid black-box calls
 * @param maxTokens black-box tokens in and out
 * @param maxCostUsd black-box cost in USD (needs pricing for the model)
 */
@Validated
@ConfigurationProperties("instructzero.jobs.default-budget")
record DefaultBudgetProperties(@Min(1) Integer maxTrials, @Min(1) Long maxBlackBoxCalls, @Min(1) Long maxTokens,
		@DecimalMin(value = "0", inclusive = false) BigDecimal maxCostUsd) {

	/** The requested budget with every limit it leaves out taken from the default. */
	JobBudget fill(@Nullable JobBudget requested) {
		JobBudget given = (requested != null) ? requested : JobBudget.unlimited();
		return new JobBudget((given.maxTrials() != null) ? given.maxTrials() : this.maxTrials,
				(given.maxBlackBoxCalls() != null) ? given.maxBlackBoxCalls() : this.maxBlackBoxCalls,
				(given.maxTokens() != null) ? given.maxTokens() : this.maxTokens,
				(given.maxCostUsd() != null) ? given.maxCostUsd() : this.maxCostUsd);
	}

}
