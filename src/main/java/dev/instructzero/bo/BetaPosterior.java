package dev.instructzero.bo;

/**
 * The Beta posterior of an accuracy after k scored examples: with a uniform Beta(1, 1)
 * prior and s = the sum of the k per-example scores in [0, 1] (the successes; fractional
 * for F1-like metrics), the posterior is Beta(1 + s, 1 + k - s). Racing stops an
 * instruction when an upper quantile of this posterior is below the job's best dev score.
 */
public final class BetaPosterior {

	private BetaPosterior() {
	}

	/**
	 * The {@code confidence}-quantile of Beta(1 + successes, 1 + trials - successes): the
	 * accuracy that the instruction exceeds with probability 1 - confidence.
	 * @param successes sum of the per-example scores, in [0, trials]
	 * @param trials examples scored, &ge; 0
	 * @param confidence in (0, 1)
	 * @return the upper bound in [0, 1]
	 * @throws IllegalArgumentException for values outside those ranges
	 */
	public static double upperBound(double successes, int trials, double confidence) {
		if (trials < 0 || !(successes >= 0) || successes > trials + 1e-9) {
			throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + " of " + trials);
		}
		if (!(confidence > 0 && confidence < 1)) {
			throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
		}
		double a = 1 + successes;
		double b = 1 + Math.max(0, trials - successes);
		// the CDF is increasing in x: bisection to double precision in 60 halvings
		double low = 0;
		double high = 1;
		for (int i = 0; i < 60; i++) {
			double mid = 0.5 * (low + high);
			if (regularizedIncompleteBeta(mid, a, b) < confidence) {
				low = mid;
			}
			else {
				high = mid;
			}
		}
		return 0.5 * (low + high);
	}

	/**
	 * I_x(a, b), the Beta(a, b) CDF at x, by the continued fraction of Numerical Recipes
	 * (3rd ed., 6.4) evaluated with the modified Lentz method.
	 */
	static double regularizedIncompleteBeta(double x, double a, double b) {
		if (x <= 0) {
			return 0;
		}
		if (x >= 1) {
			return 1;
		}
		double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
		// the fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry
		// otherwise
		if (x < (a + 1) / (a + b + 2)) {
			return front * continuedFraction(x, a, b) / a;
		}
		return 1 - front * continuedFraction(1 - x, b, a) / b;
	}

	private static double continuedFraction(double x, double a, double b) {
		double tiny = 1e-300;
		double c = 1;
		double d = 1 - (a + b) * x / (a + 1);
		d = 1 / ((Math.abs(d) < tiny) ? tiny : d);
		double h = d;
		for (int m = 1; m <= 300; m++) {
			int m2 = 2 * m;
			double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
			d = 1 + even * d;
			d = 1 / ((Math.abs(d) < tiny) ? tiny : d);
			c = 1 + even / c;
			c = (Math.abs(c) < tiny) ? tiny : c;
			h *= d * c;
			double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
			d = 1 + odd * d;
			d = 1 / ((Math.abs(d) < tiny) ? tiny : d);
			c = 1 + odd / c;
			c = (Math.abs(c) < tiny) ? tiny : c;
			double step = d * c;
			h *= step;
			if (Math.abs(step - 1) < 1e-15) {
				break;
			}
		}
		return h;
	}

	/** log Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error below 1e-14). */
	static double logGamma(double x) {
		double[] c = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
				-176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
				1.5056327351493116e-7 };
		if (x < 0.5) {
			return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
		}
		double y = x - 1;
		double sum = c[0];
		double t = y + 7.5;
		for (int i = 1; i < 9; i++) {
			sum += c[i] / (y + i);
		}
		return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
	}

}
