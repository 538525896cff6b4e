package dev.instructzero.bo;

/**
 * Gamma(concentration, rate) prior on a positive hyper-parameter, as GPyTorch's
 * {@code GammaPrior}: log p(x) = (a - 1) log x - b x + const. Evaluated in log
 * coordinates (t = log x) without a Jacobian, like GPyTorch, so the maximiser in x is
 * unchanged.
 */
record GammaPrior(double concentration, double rate) implements HyperparameterPrior {

	/** Lengthscale prior of the reference (GPyTorch / BoTorch classic SingleTaskGP). */
	static final GammaPrior LENGTHSCALE = new GammaPrior(3, 6);

	/**
	 * Outputscale prior of BoTorch's classic SingleTaskGP: mode 6.7, deliberately weak.
	 */
	static final GammaPrior OUTPUTSCALE = new GammaPrior(2, 0.15);

	/** Noise prior of BoTorch's classic SingleTaskGP: mode 2, deliberately weak. */
	static final GammaPrior NOISE = new GammaPrior(1.1, 0.05);

	@Override
	public double logDensity(double logX) {
		return (this.concentration - 1) * logX - this.rate * Math.exp(logX);
	}

	@Override
	public double logDensityGradient(double logX) {
		return (this.concentration - 1) - this.rate * Math.exp(logX);
	}

	/**
	 * A draw: sum of exponentials for integer concentration, else the mode (restart seeds
	 * only).
	 */
	@Override
	public double sample(java.util.random.RandomGenerator random) {
		int whole = (int) Math.round(this.concentration);
		if (Math.abs(whole - this.concentration) > 1e-12 || whole < 1) {
			return Math.max(this.concentration - 1, 0.1) / this.rate;
		}
		double s = 0;
		for (int i = 0; i < whole; i++) {
			s -= Math.log(1 - random.nextDouble());
		}
		return s / this.rate;
	}

}
