package dev.instructzero.bo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BetaPosteriorTest {

	@Test
	void allCorrectBoundIsTheClosedFormQuantileOfBetaKPlusOneOne() {
		// Beta(k + 1, 1) has CDF x^(k+1): the q-quantile is q^(1/(k+1))
		for (int k = 1; k <= 20; k++) {
			assertThat(BetaPosterior.upperBound(k, k, 0.95)).isCloseTo(Math.pow(0.95, 1.0 / (k + 1)), within(1e-12));
		}
	}

	@Test
	void allWrongBoundIsTheClosedFormQuantileOfBetaOneKPlusOne() {
		// Beta(1, k + 1) has CDF 1 - (1 - x)^(k+1)
		for (int k = 1; k <= 20; k++) {
			assertThat(BetaPosterior.upperBound(0, k, 0.9)).isCloseTo(1 - Math.pow(0.1, 1.0 / (k + 1)), within(1e-12));
		}
	}

	@Test
	void incompleteBetaMatchesTheBinomialSumForIntegerParameters() {
		// I_x(a, b) = P(Binomial(a + b - 1, x) >= a) for integer a, b
		for (int a = 1; a <= 12; a++) {
			for (int b = 1; b <= 12; b++) {
				for (double x : new double[] { 0.05, 0.3, 0.5, 0.71, 0.97 }) {
					int n = a + b - 1;
					double tail = 0;
					for (int j = a; j <= n; j++) {
						tail += binomial(n, j) * Math.pow(x, j) * Math.pow(1 - x, n - j);
					}
					assertThat(BetaPosterior.regularizedIncompleteBeta(x, a, b)).as("I_%s(%s, %s)", x, a, b)
						.isCloseTo(tail, within(1e-11));
				}
			}
		}
	}

	@Test
	void boundGrowsWithSuccessesAndConfidenceAndShrinksWithEvidence() {
		assertThat(BetaPosterior.upperBound(2, 5, 0.95)).isGreaterThan(BetaPosterior.upperBound(1, 5, 0.95));
		assertThat(BetaPosterior.upperBound(2, 5, 0.99)).isGreaterThan(BetaPosterior.upperBound(2, 5, 0.9));
		// the same accuracy on more examples: a tighter bound
		assertThat(BetaPosterior.upperBound(4, 10, 0.95)).isLessThan(BetaPosterior.upperBound(2, 5, 0.95));
		// fractional successes (F1-like scores) fall between their integer neighbours
		double half = BetaPosterior.upperBound(2.5, 5, 0.95);
		assertThat(half).isBetween(BetaPosterior.upperBound(2, 5, 0.95), BetaPosterior.upperBound(3, 5, 0.95));
	}

	@Test
	void refusesImpossibleCounts() {
		assertThatThrownBy(() -> BetaPosterior.upperBound(6, 5, 0.95)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> BetaPosterior.upperBound(1, 5, 1.0)).isInstanceOf(IllegalArgumentException.class);
	}

	private static double binomial(int n, int k) {
		double c = 1;
		for (int i = 1; i <= k; i++) {
			c = c * (n - k + i) / i;
		}
		return c;
	}

}
