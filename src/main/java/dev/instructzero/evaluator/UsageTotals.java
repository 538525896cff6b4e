package dev.instructzero.evaluator;

import java.math.BigDecimal;

/**
 * Black-box usage of a job, as persisted in the job's counters.
 *
 * @param paidCalls calls sent to (and answered by) the black box
 * @param cacheHits answers taken from the cache (free)
 * @param tokensIn prompt tokens of paid calls, as reported by the server
 * @param tokensOut completion tokens of paid calls, as reported by the server
 * @param costUsd USD of paid calls by the configured pricing (0 for unpriced models)
 */
public record UsageTotals(long paidCalls, long cacheHits, long tokensIn, long tokensOut, BigDecimal costUsd) {

	/** Nothing used yet. */
	public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, BigDecimal.ZERO);

	public UsageTotals {
		if (paidCalls < 0 || cacheHits < 0 || tokensIn < 0 || tokensOut < 0 || costUsd == null
				|| costUsd.signum() < 0) {
			throw new IllegalArgumentException("usage totals cannot be negative");
		}
		costUsd = costUsd.setScale(PricingProperties.USD_SCALE, java.math.RoundingMode.HALF_UP);
	}

	/** Prompt plus completion tokens. */
	public long tokens() {
		return this.tokensIn + this.tokensOut;
	}

	/**
	 * These totals raised to at least {@code ledger}'s paid calls, tokens and cost (cache
	 * hits kept): the usage of a resumed job whose counters may have missed calls paid
	 * just before a crash.
	 */
	public UsageTotals atLeast(UsageTotals ledger) {
		return new UsageTotals(Math.max(this.paidCalls, ledger.paidCalls), this.cacheHits,
				Math.max(this.tokensIn, ledger.tokensIn), Math.max(this.tokensOut, ledger.tokensOut),
				this.costUsd.max(ledger.costUsd));
	}

}
