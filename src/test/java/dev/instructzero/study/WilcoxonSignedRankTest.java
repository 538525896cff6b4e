package dev.instructzero.study;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The exact signed-rank test against independent truth: a published example, the closed
 * form of the extreme outcome, counted tables, and brute-force enumeration of every sign
 * assignment.
 */
class WilcoxonSignedRankTest {

	@Test
	void matchesThePublishedResultOnDarwinsMaizeHeights() {
		// Darwin's cross- minus self-fertilised heights (eighths of an inch), Fisher's
		// "Design of Experiments" §17; scipy.stats.wilcoxon documents statistic 24,
		// exact p = 0.041259765625 (= 2 · 676 / 2^15)
		double[] d = { 6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75 };
		WilcoxonSignedRank.Result result = WilcoxonSignedRank.test(d, new double[d.length]);
		assertThat(result.statistic()).isEqualTo(24.0);
		assertThat(result.wMinus()).isEqualTo(24.0);
		assertThat(result.wPlus()).isEqualTo(15 * 16 / 2 - 24.0);
		assertThat(result.pValue()).isEqualTo(0.041259765625);
		assertThat(result.nonZero()).isEqualTo(15);
	}

	@Test
	void theMostExtremeOutcomeHasTheClosedFormPValue() {
		// all n differences positive and distinct: W⁺ = n(n+1)/2 is reached by one of the
		// 2^n sign assignments, so p = 2 / 2^n
		for (int n = 1; n <= WilcoxonSignedRank.MAX_PAIRS; n++) {
			double[] x = new double[n];
			for (int i = 0; i < n; i++) {
				x[i] = (i + 1) * 0.01;
			}
			WilcoxonSignedRank.Result result = WilcoxonSignedRank.test(x, new double[n]);
			assertThat(result.wPlus()).isEqualTo(n * (n + 1) / 2.0);
			assertThat(result.statistic()).isZero();
			assertThat(result.pValue()).as("n = %d", n).isEqualTo(Math.min(1.0, 2.0 / Math.pow(2, n)));
		}
	}

	@Test
	void agreesWithTheCountedTableForTenPairs() {
		// subsets of {1..10} with sum <= 8: 25; with sum <= 9: 33 (the 8 with sum 9 are
		// 9, 8+1, 7+2, 6+3, 5+4, 6+2+1, 5+3+1, 4+3+2). So T = 8 is the largest statistic
		// significant at 5% two-sided (2·25/1024), as printed tables give for n = 10.
		double[] eight = { -1, 2, 3, 4, 5, 6, -7, 8, 9, 10 };
		double[] nine = { -1, 2, 3, 4, 5, 6, 7, -8, 9, 10 };
		WilcoxonSignedRank.Result significant = WilcoxonSignedRank.test(eight, new double[10]);
		WilcoxonSignedRank.Result not = WilcoxonSignedRank.test(nine, new double[10]);
		assertThat(significant.statistic()).isEqualTo(8.0);
		assertThat(significant.pValue()).isEqualTo(2 * 25 / 1024.0).isLessThan(0.05);
		assertThat(not.statistic()).isEqualTo(9.0);
		assertThat(not.pValue()).isEqualTo(2 * 33 / 1024.0).isGreaterThan(0.05);
	}

	@Test
	void agreesWithBruteForceEnumerationWithTiesAndZeros() {
		Random random = new Random(16);
		for (int sample = 0; sample < 300; sample++) {
			int n = 1 + random.nextInt(12);
			double[] x = new double[n];
			double[] y = new double[n];
			for (int i = 0; i < n; i++) {
				// scores on a 1/20 grid, like dev scores: ties and zero differences
				// happen
				x[i] = random.nextInt(21) / 20.0;
				y[i] = random.nextInt(21) / 20.0;
			}
			WilcoxonSignedRank.Result result = WilcoxonSignedRank.test(x, y);
			BruteForce truth = bruteForce(x, y);
			assertThat(result.nonZero()).isEqualTo(truth.nonZero);
			if (truth.nonZero == 0) {
				assertThat(result.pValue()).isNull();
				continue;
			}
			assertThat(result.wPlus()).isCloseTo(truth.wPlus, within(1e-12));
			assertThat(result.statistic()).isCloseTo(Math.min(truth.wPlus, truth.wMinus), within(1e-12));
			assertThat(result.pValue()).as("x=%s y=%s", Arrays.toString(x), Arrays.toString(y))
				.isCloseTo(truth.pValue, within(1e-12));
		}
	}

	@Test
	void reportsMeanAndMedianDifferences() {
		WilcoxonSignedRank.Result result = WilcoxonSignedRank.test(new double[] { 0.5, 0.7, 0.9, 0.4 },
				new double[] { 0.4, 0.7, 0.6, 0.6 });
		assertThat(result.pairs()).isEqualTo(4);
		assertThat(result.nonZero()).isEqualTo(3);
		assertThat(result.meanDifference()).isCloseTo((0.1 + 0 + 0.3 - 0.2) / 4, within(1e-12));
		assertThat(result.medianDifference()).isCloseTo((0 + 0.1) / 2, within(1e-12));
	}

	@Test
	void refusesUnpairedOrEmptyInput() {
		assertThatIllegalArgumentException().isThrownBy(() -> WilcoxonSignedRank.test(new double[2], new double[3]));
		assertThatIllegalArgumentException().isThrownBy(() -> WilcoxonSignedRank.test(new double[0], new double[0]));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WilcoxonSignedRank.test(new double[] { Double.NaN }, new double[] { 0 }));
		assertThatIllegalArgumentException().isThrownBy(() -> WilcoxonSignedRank.test(new double[51], new double[51]));
	}

	/** The test by definition, written apart from the implementation. */
	record BruteForce(int nonZero, double wPlus, double wMinus, double pValue) {
	}

	/**
	 * Drops |d| <= 1e-9, gives each |d| the mean of the 1-based positions of the values
	 * equal to it (within 1e-9) in sorted order, and enumerates all 2^n sign vectors.
	 */
	static BruteForce bruteForce(double[] x, double[] y) {
		double[] d = new double[x.length];
		int n = 0;
		for (int i = 0; i < x.length; i++) {
			double diff = x[i] - y[i];
			if (Math.abs(diff) > 1e-9) {
				d[n++] = diff;
			}
		}
		d = Arrays.copyOf(d, n);
		double[] ranks = new double[n];
		for (int i = 0; i < n; i++) {
			int below = 0;
			int equal = 0;
			for (int j = 0; j < n; j++) {
				double gap = Math.abs(d[j]) - Math.abs(d[i]);
				if (Math.abs(gap) <= 1e-9) {
					equal++;
				}
				else if (gap < 0) {
					below++;
				}
			}
			// positions below+1 .. below+equal
			ranks[i] = below + (equal + 1) / 2.0;
		}
		double wPlus = 0;
		double total = 0;
		for (int i = 0; i < n; i++) {
			total += ranks[i];
			wPlus += (d[i] > 0) ? ranks[i] : 0;
		}
		long lower = 0;
		long upper = 0;
		for (long signs = 0; signs < (1L << n); signs++) {
			double w = 0;
			for (int i = 0; i < n; i++) {
				if ((signs & (1L << i)) != 0) {
					w += ranks[i];
				}
			}
			lower += (w <= wPlus + 1e-9) ? 1 : 0;
			upper += (w >= wPlus - 1e-9) ? 1 : 0;
		}
		double p = Math.min(1.0, 2.0 * Math.min(lower, upper) / (1L << n));
		return new BruteForce(n, wPlus, total - wPlus, p);
	}

}
