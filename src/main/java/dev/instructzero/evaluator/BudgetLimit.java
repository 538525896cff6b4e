package dev.instructzero.evaluator;

/** The job budget that stopped further paid black-box calls. */
public enum BudgetLimit {

	/** {@code maxBlackBoxCalls}: number of paid calls. */
	CALLS,

	/** {@code maxTokens}: prompt plus completion tokens of paid calls. */
	TOKENS,

	/** {@code maxCostUsd}: USD of paid calls, by the configured pricing. */
	COST

}
