package dev.instructzero.bo;

import java.util.random.RandomGenerator;

/**
 * LogNormal(loc, scale) prior on a positive hyper-parameter, as GPyTorch's
 * {@code LogNormalPrior}: log p(x) = -log x - (log x - loc)^2 / (2 scale^2) + const,
 * evaluated at t = log x without the Jacobian (see {@link HyperparameterPrior}); its mode
 * in x is exp(loc - scale^2).
 */
record LogNormalPrior(double loc, double scale) implements HyperparameterPrior {

	@Override
	public double logDensity(double logX) {
		double u = (logX - this.loc) / this.scale;
		return -logX - 0.5 * u * u;
	}

	@Override
	public double logDensityGradient(double logX) {
		return -1 - (logX - this.loc) / (this.scale * this.scale);
	}

	@Override
	public double sample(RandomGenerator random) {
		return Math.exp(this.loc + this.scale * random.nextGaussian());
	}

}
