package dev.instructzero.study;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The Wilcoxon signed-rank test of paired observations (F. Wilcoxon, "Individual
 * comparisons by ranking methods", Biometrics Bulletin 1, 1945), two-sided, with the
 * exact null distribution.
 *
 * <p>
 * Differences {@code x[i] − y[i]} within {@value #TIE_TOLERANCE} of zero are dropped
 * (Wilcoxon's own treatment, scipy's {@code zero_method="wilcox"}); absolute differences
 * within that tolerance of each other are ties and share their mid-rank (scores are
 * fractions of a few examples, so 0.35 − 0.30 and 0.40 − 0.35 must tie although their
 * doubles differ). The p-value is exact for every n: under the null hypothesis each of
 * the 2ⁿ sign assignments of the ranks is equally likely, and the distribution of W⁺ is
 * counted by dynamic programming over doubled ranks (integers, also with mid-ranks), so
 * with ties it is the exact conditional (permutation) distribution. p = min(1, 2·min(P(W⁺
 * ≤ w), P(W⁺ ≥ w))).
 */
final class WilcoxonSignedRank {

	/** Differences (and gaps between absolute differences) treated as zero. */
	public static final double TIE_TOLERANCE = 1e-9;

	/**
	 * Most pairs (a study has at most 50 seeds): the exact distribution costs n · n(n+1)
	 * steps, and its probabilities, multiples of 2⁻ⁿ, stay exact in doubles up to n = 53.
	 */
	public static final int MAX_PAIRS = 50;

	private WilcoxonSignedRank() {
	}

	/**
	 * The outcome of a test.
	 *
	 * @param pairs pairs compared
	 * @param nonZero pairs whose difference is not zero (the n of the test)
	 * @param wPlus sum of the ranks of the positive differences (x above y)
	 * @param wMinus sum of the ranks of the negative differences
	 * @param statistic min(W⁺, W⁻), the statistic tables and scipy report
	 * @param pValue two-sided exact p-value; null when every difference is zero
	 * @param meanDifference mean of x − y over all pairs
	 * @param medianDifference median of x − y over all pairs
	 */
	public record Result(int pairs, int nonZero, double wPlus, double wMinus, double statistic, @Nullable Double pValue,
			double meanDifference, double medianDifference) {
	}

	/**
	 * Tests whether {@code x} and {@code y} (paired by index) differ in location.
	 * @throws IllegalArgumentException if the arrays differ in length, are empty, hold a
	 * value that is not finite, or hold more than {@value #MAX_PAIRS} pairs
	 */
	public static Result test(double[] x, double[] y) {
		if (x.length != y.length || x.length == 0) {
			throw new IllegalArgumentException(
					"need paired observations of equal, non-zero length, got " + x.length + " and " + y.length);
		}
		if (x.length > MAX_PAIRS) {
			throw new IllegalArgumentException("at most " + MAX_PAIRS + " pairs, got " + x.length);
		}
		int pairs = x.length;
		double[] differences = new double[pairs];
		for (int i = 0; i < pairs; i++) {
			if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
				throw new IllegalArgumentException("observations must be finite (pair " + i + ")");
			}
			differences[i] = x[i] - y[i];
		}
		double mean = Arrays.stream(differences).average().orElseThrow();
		double median = median(differences);

		double[] nonZero = Arrays.stream(differences).filter((d) -> Math.abs(d) > TIE_TOLERANCE).toArray();
		int n = nonZero.length;
		if (n == 0) {
			return new Result(pairs, 0, 0, 0, 0, null, mean, median);
		}
		int[] doubledRanks = doubledMidRanks(nonZero);
		int doubledWPlus = 0;
		int total = 0;
		for (int i = 0; i < n; i++) {
			total += doubledRanks[i];
			if (nonZero[i] > 0) {
				doubledWPlus += doubledRanks[i];
			}
		}
		double[] distribution = nullDistribution(doubledRanks, total);
		double lower = 0;
		double upper = 0;
		for (int s = 0; s <= total; s++) {
			if (s <= doubledWPlus) {
				lower += distribution[s];
			}
			if (s >= doubledWPlus) {
				upper += distribution[s];
			}
		}
		double p = Math.min(1.0, 2 * Math.min(lower, upper));
		double wPlus = doubledWPlus / 2.0;
		double wMinus = (total - doubledWPlus) / 2.0;
		return new Result(pairs, n, wPlus, wMinus, Math.min(wPlus, wMinus), p, mean, median);
	}

	/**
	 * Twice the mid-ranks of the absolute values (1-based; tied values share the mean of
	 * their ranks, so twice it is an integer).
	 */
	static int[] doubledMidRanks(double[] values) {
		int n = values.length;
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(Math.abs(values[a]), Math.abs(values[b])));
		int[] doubled = new int[n];
		int start = 0;
		while (start < n) {
			int end = start + 1;
			while (end < n && Math.abs(values[order[end]]) - Math.abs(values[order[end - 1]]) <= TIE_TOLERANCE) {
				end++;
			}
			// ranks start+1 .. end share their mean (start+1+end)/2; doubled: start+1+end
			for (int k = start; k < end; k++) {
				doubled[order[k]] = start + 1 + end;
			}
			start = end;
		}
		return doubled;
	}

	/**
	 * P(2W⁺ = s) for s = 0..total when each rank's sign is positive with probability 1/2
	 * independently.
	 */
	private static double[] nullDistribution(int[] doubledRanks, int total) {
		double[] p = new double[total + 1];
		p[0] = 1;
		int reach = 0;
		for (int rank : doubledRanks) {
			reach += rank;
			for (int s = reach; s >= 0; s--) {
				double without = p[s];
				double with = (s >= rank) ? p[s - rank] : 0;
				p[s] = 0.5 * (without + with);
			}
		}
		return p;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

}
