package dev.instructzero.job;

import java.math.BigDecimal;

import dev.instructzero.evaluator.EvaluationBudget;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * Limits that stop a job early with stop reason BUDGET and the best instruction so far.
 * Every field is optional; an absent one does not limit. This is the job's form of the
 * budget (request, response, the {@code job.budget} column): the evaluator checks the
 * spending limits as {@link EvaluationBudget}, which {@link #spending()} derives, and the
 * engine the trial limit.
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

	/** The limits on paid black-box usage, as the evaluator checks them. */
	public EvaluationBudget spending() {
		return new EvaluationBudget(this.maxBlackBoxCalls, this.maxTokens, this.maxCostUsd);
	}

}
