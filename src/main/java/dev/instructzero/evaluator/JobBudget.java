package dev.instructzero.evaluator;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/**
 * Limits that stop a job early with stop reason BUDGET and the best instruction so far;
 * the one budget type, from the request through the {@code job.budget} column to the
 * evaluator. Every field is optional; an absent ({@code null}) one does not limit. The
 * evaluator ({@link JobUsage}) checks the three spending limits, the run engine the trial
 * limit. Cache hits are free and never count.
 * <p>
 * A request's values are checked by bean validation (at least 1, a cost above 0), so a
 * bad one is a 400 naming the field; {@link JobUsage} refuses a negative spending limit
 * with {@link IllegalArgumentException}. The constructor checks nothing, as JSON reading
 * goes through it before validation.
 *
 * @param maxTrials trials (generated candidates, duplicates and replacements included)
 * @param maxBlackBoxCalls paid black-box calls
 * @param maxTokens black-box tokens in and out (prompt plus completion)
 * @param maxCostUsd black-box cost in USD (needs a price for the model, see
 * {@link PricingProperties})
 */
public record JobBudget(@Min(1) @Nullable Integer maxTrials, @Min(1) @Nullable Long maxBlackBoxCalls,
		@Min(1) @Nullable Long maxTokens, @DecimalMin(value = "0", inclusive = false) @Nullable BigDecimal maxCostUsd) {

	/** No limits. */
	public static JobBudget unlimited() {
		return new JobBudget(null, null, null, null);
	}

	/** Whether a spending limit is below zero (the evaluator cannot check it). */
	boolean hasNegativeSpendingLimit() {
		return (this.maxBlackBoxCalls != null && this.maxBlackBoxCalls < 0)
				|| (this.maxTokens != null && this.maxTokens < 0)
				|| (this.maxCostUsd != null && this.maxCostUsd.signum() < 0);
	}

}
