package dev.instructzero.task;

import java.util.Arrays;
import java.util.SplittableRandom;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A 95% confidence interval for the mean per-example score of an instruction.
 *
 * <p>
 * For the 0/1 metrics ({@code exact_match}, {@code exact_set}, {@code contains}) the
 * Wilson score interval (E. B. Wilson, "Probable inference, the law of succession, and
 * statistical inference", JASA 22, 1927): unlike the normal approximation it stays inside
 * [0, 1] and is not degenerate at 0/n or n/n. For {@code f1}, whose scores are fractions,
 * a percentile bootstrap of the mean (Efron &amp; Tibshirani, "An Introduction to the
 * Bootstrap", 1993, ch. 13) with {@value #BOOTSTRAP_RESAMPLES} resamples drawn from a
 * fixed seed, so the same scores always give the same interval.
 *
 * @param low lower bound, in [0, 1]
 * @param high upper bound, in [0, 1]
 * @param method how it was computed
 */
public record ScoreInterval(double low, double high, Method method) {

	/** Confidence level of every interval. */
	public static final double CONFIDENCE = 0.95;

	/** Φ⁻¹(0.975), the two-sided 95% standard normal quantile. */
	static final double Z_95 = 1.959963984540054;

	/** Resamples of the percentile bootstrap. */
	public static final int BOOTSTRAP_RESAMPLES = 10_000;

	// fixed, so that an interval is a function of the scores alone
	private static final long BOOTSTRAP_SEED = 0x1D_B007_57A9L;

	/** How an interval was computed; the wire name is lower case. */
	public enum Method {

		WILSON("wilson"), BOOTSTRAP("bootstrap");

		private final String wireName;

		Method(String wireName) {
			this.wireName = wireName;
		}

		@JsonValue
		public String wireName() {
			return this.wireName;
		}

		public static Method fromWireName(String name) {
			for (Method method : values()) {
				if (method.wireName.equals(name)) {
					return method;
				}
			}
			throw new IllegalArgumentException("unknown interval method " + name);
		}

	}

	/**
	 * The interval that suits a metric: Wilson for 0/1 metrics, bootstrap for f1.
	 * @param metric the task's metric
	 * @param scores per-example scores in [0, 1], at least one
	 * @throws IllegalArgumentException if {@code scores} is empty
	 */
	public static ScoreInterval of(Metric metric, double[] scores) {
		if (scores.length == 0) {
			throw new IllegalArgumentException("an interval needs at least one score");
		}
		if (metric == Metric.F1) {
			return bootstrap(scores, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED);
		}
		// 0/1 scores: the sum is the number of correct answers
		return wilson(Math.round(Arrays.stream(scores).sum()), scores.length);
	}

	/**
	 * The Wilson score interval: (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n).
	 * @param successes correct examples, {@code 0 <= successes <= n}
	 * @param n examples, at least 1
	 * @throws IllegalArgumentException for counts outside those ranges
	 */
	public static ScoreInterval wilson(long successes, long n) {
		if (n < 1 || successes < 0 || successes > n) {
			throw new IllegalArgumentException("need 0 <= successes <= n and n >= 1, got " + successes + "/" + n);
		}
		double p = (double) successes / n;
		double z2 = Z_95 * Z_95;
		double denominator = 1 + z2 / n;
		double centre = (p + z2 / (2.0 * n)) / denominator;
		double halfWidth = Z_95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
		return new ScoreInterval(Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth), Method.WILSON);
	}

	/**
	 * Percentile bootstrap of the mean: the 2.5% and 97.5% nearest-rank quantiles of the
	 * means of {@code resamples} samples drawn with replacement.
	 * @param scores the observed scores, at least one
	 * @param resamples number of bootstrap samples, at least 1
	 * @param seed seed of the resampling
	 */
	static ScoreInterval bootstrap(double[] scores, int resamples, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int n = scores.length;
		double[] means = new double[resamples];
		for (int b = 0; b < resamples; b++) {
			double sum = 0;
			for (int i = 0; i < n; i++) {
				sum += scores[random.nextInt(n)];
			}
			means[b] = sum / n;
		}
		Arrays.sort(means);
		return new ScoreInterval(means[nearestRank(25, resamples)], means[nearestRank(975, resamples)],
				Method.BOOTSTRAP);
	}

	// the smallest index whose empirical CDF reaches permille/1000 (integer arithmetic:
	// no rounding surprise at 0.975 × 10000)
	private static int nearestRank(int permille, int size) {
		return Math.max(0, Math.ceilDiv(size * permille, 1000) - 1);
	}

}
