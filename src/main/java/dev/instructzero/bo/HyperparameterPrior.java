package dev.instructzero.bo;

import java.util.random.RandomGenerator;

/**
 * A prior on a positive hyper-parameter x, evaluated at t = log x without the Jacobian of
 * the log map (as GPyTorch evaluates priors on the constrained value), so its maximiser
 * in x is the prior's own mode.
 */
interface HyperparameterPrior {

	/** log density up to its normalising constant at x = exp(logX). */
	double logDensity(double logX);

	/** d logDensity / d log x. */
	double logDensityGradient(double logX);

	/** A draw of x, to seed an L-BFGS restart. */
	double sample(RandomGenerator random);

}
