package dev.instructzero.study;

import org.hipparchus.distribution.continuous.TDistribution;
import org.jspecify.annotations.Nullable;

/**
 * The mean of a few observations (one per seed) with its two-sided 95% Student-t
 * interval, mean ± t(0.975, n−1)·s/√n, s the sample standard deviation (n − 1 in the
 * denominator). With one observation there is no interval (low and high are null); with
 * none, no mean either.
 *
 * @param n observations
 * @param mean their mean
 * @param low lower end of the 95% interval
 * @param high upper end of the 95% interval
 * @param sd sample standard deviation
 */
record MeanEstimate(int n, @Nullable Double mean, @Nullable Double low, @Nullable Double high, @Nullable Double sd) {

	/** Confidence level of the interval. */
	public static final double CONFIDENCE = 0.95;

	/** The estimate of {@code values}; NaN or infinite values are refused. */
	public static MeanEstimate of(double[] values) {
		int n = values.length;
		if (n == 0) {
			return new MeanEstimate(0, null, null, null, null);
		}
		double sum = 0;
		for (double v : values) {
			if (!Double.isFinite(v)) {
				throw new IllegalArgumentException("observations must be finite, got " + v);
			}
			sum += v;
		}
		double mean = sum / n;
		if (n == 1) {
			return new MeanEstimate(1, mean, null, null, null);
		}
		double squares = 0;
		for (double v : values) {
			squares += (v - mean) * (v - mean);
		}
		double sd = Math.sqrt(squares / (n - 1));
		double half = tQuantile(n - 1) * sd / Math.sqrt(n);
		return new MeanEstimate(n, mean, mean - half, mean + half, sd);
	}

	/** The 97.5% quantile of Student's t with {@code degreesOfFreedom} ≥ 1. */
	static double tQuantile(int degreesOfFreedom) {
		return new TDistribution(degreesOfFreedom).inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
	}

}
