package dev.instructzero.job;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * Limits that stop a job early with stop reason BUDGET and the best instruction so far.
 * Every field is optional; an absent one does not limit.
 *
 * @param maxTrials trials (generated candidates, duplicates and replacements included)
 * @param maxBlackBoxCalls paid black-box calls (cache hits are free)
 * @param maxTokens black-box tokens in and out
 * @param maxCostUsd black-box cost in USD (needs pricing for the model)
 */
public record JobBudget(@Min(1) Integer maxTrials, @Min(1) Long maxBlackBoxCalls, @Min(1) Long maxTokens,
		@DecimalMin(value = "0", inclusive = false) BigDecimal maxCostUsd) {

	public static JobBudget unlimited() {
		return new JobBudget(null, null, null, null);
	}

}
