package dev.instructzero.evaluator;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * Limits on a job's paid black-box usage; {@code null} means unlimited. Cache hits are
 * free and never count.
 *
 * @param maxBlackBoxCalls most paid calls
 * @param maxTokens most prompt plus completion tokens
 * @param maxCostUsd most USD (needs a price for the model, see {@link PricingProperties})
 */
public record EvaluationBudget(@Nullable Long maxBlackBoxCalls, @Nullable Long maxTokens,
		@Nullable BigDecimal maxCostUsd) {

	/** No limits. */
	public static final EvaluationBudget UNLIMITED = new EvaluationBudget(null, null, null);

	public EvaluationBudget {
		if ((maxBlackBoxCalls != null && maxBlackBoxCalls < 0) || (maxTokens != null && maxTokens < 0)
				|| (maxCostUsd != null && maxCostUsd.signum() < 0)) {
			throw new IllegalArgumentException("budgets cannot be negative");
		}
	}

}
