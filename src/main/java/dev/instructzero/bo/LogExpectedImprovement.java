package dev.instructzero.bo;

import org.hipparchus.special.Erf;

/**
 * Expected Improvement in log space (LogEI, Ament et al. 2023, "Unexpected Improvements
 * to Expected Improvement for Bayesian Optimization", eq. 9): EI = sigma h(z) with z =
 * (mean - best) / sigma and h(z) = phi(z) + z Phi(z); log h is evaluated by three
 * branches so that it stays finite, accurate and increasing far below the incumbent,
 * where EI itself underflows to 0.
 */
final class LogExpectedImprovement {

	private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

	private static final double HALF_LOG_PI_OVER_2 = 0.5 * Math.log(Math.PI / 2);

	private static final double SQRT2 = Math.sqrt(2);

	private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

	/** Below this z the 4-term asymptotic series of h is exact to double precision. */
	private static final double ASYMPTOTIC_BELOW = -1e3;

	private LogExpectedImprovement() {
	}

	/**
	 * log EI for each candidate, maximising, with best = the incumbent (standardised).
	 */
	static double[] of(double[] mean, double[] variance, double best) {
		double[] r = new double[mean.length];
		for (int i = 0; i < r.length; i++) {
			double sigma = Math.sqrt(variance[i]);
			r[i] = logH((mean[i] - best) / sigma) + Math.log(sigma);
		}
		return r;
	}

	/** log(phi(z) + z Phi(z)), finite for every finite z. */
	static double logH(double z) {
		if (z > -1) {
			// no cancellation worth the name here: phi(z) >= 0.24 z Phi(z) in magnitude
			// at z = -1
			return Math.log(Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) + z * 0.5 * Erf.erfc(-z / SQRT2));
		}
		if (z > ASYMPTOTIC_BELOW) {
			// h = phi(z) (1 - |z| erfcx(|z|/sqrt2) sqrt(pi/2)); the bracket via log1mexp
			// (Ament eq. 9)
			return -0.5 * z * z - LOG_SQRT_2PI + log1mexp(Math.log(erfcx(-z / SQRT2) * -z) + HALF_LOG_PI_OVER_2);
		}
		// h(z) = phi(z) / z^2 (1 - 3/z^2 + 15/z^4 - 105/z^6 + ...) (Mills-ratio series)
		double inv = 1 / (z * z);
		return -0.5 * z * z - LOG_SQRT_2PI + Math.log(inv) + Math.log1p(inv * (-3 + inv * (15 - 105 * inv)));
	}

	/** log(1 - exp(x)) for x < 0 (Mächler 2012). */
	static double log1mexp(double x) {
		return (x > -Math.log(2)) ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
	}

	/** Scaled complementary error function exp(x^2) erfc(x) for x >= 0. */
	static double erfcx(double x) {
		if (x < 5) {
			return Math.exp(x * x) * Erf.erfc(x);
		}
		// Laplace continued fraction erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x
		// + (3/2)/(x + ...)))),
		// evaluated backwards; 60 terms are exact to round-off for x >= 5
		double t = x;
		for (int k = 60; k >= 1; k--) {
			t = x + 0.5 * k / t;
		}
		return INV_SQRT_PI / t;
	}

}
