package dev.instructzero.evaluator;

import java.math.BigDecimal;

/**
 * The judge model's share of a job's usage ({@code llm_judge} tasks): its paid calls,
 * their tokens and cost (all also counted in the job's {@link UsageTotals}, so budgets
 * cover them), and the replies that could not be read even after one retry.
 *
 * @param calls paid judge calls
 * @param tokensIn their prompt tokens
 * @param tokensOut their completion tokens
 * @param costUsd their cost in USD
 * @param unparsed judged answers scored 0 because no reply gave a score
 */
public record JudgeTotals(long calls, long tokensIn, long tokensOut, BigDecimal costUsd, long unparsed) {

	/** Nothing judged yet. */
	public static final JudgeTotals ZERO = new JudgeTotals(0, 0, 0, BigDecimal.ZERO, 0);

	public JudgeTotals {
		if (calls < 0 || tokensIn < 0 || tokensOut < 0 || unparsed < 0 || costUsd == null || costUsd.signum() < 0) {
			throw new IllegalArgumentException("judge totals cannot be negative");
		}
		costUsd = costUsd.setScale(PricingProperties.USD_SCALE, java.math.RoundingMode.HALF_UP);
	}

}
