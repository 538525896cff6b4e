package dev.instructzero.bo;

/**
 * The Gaussian process hyper-parameters chosen for one proposal, for logging and audit.
 * All values refer to the standardised scores ((y - mean) / std).
 *
 * @param kernel the covariance used
 * @param latentLengthscales Matérn-5/2 lengthscales on the soft prompts (d values)
 * @param scoreLengthscales Matérn-5/2 lengthscales on the score vectors (m values; empty
 * for the latent kernel)
 * @param outputscale the kernel's outputscale
 * @param noiseVariance the Gaussian noise variance
 * @param constantMean the constant prior mean
 * @param logMarginalLikelihood log p(y | hyper-parameters) of the final model, priors
 * excluded
 * @param likelihoodEvaluations how many likelihood evaluations the fit used
 */
public record FittedHyperparameters(KernelChoice kernel, double[] latentLengthscales, double[] scoreLengthscales,
		double outputscale, double noiseVariance, double constantMean, double logMarginalLikelihood,
		int likelihoodEvaluations) {

	public FittedHyperparameters {
		latentLengthscales = latentLengthscales.clone();
		scoreLengthscales = scoreLengthscales.clone();
	}

	@Override
	public double[] latentLengthscales() {
		return this.latentLengthscales.clone();
	}

	@Override
	public double[] scoreLengthscales() {
		return this.scoreLengthscales.clone();
	}

}
