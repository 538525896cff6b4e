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
 * @throws IllegalArgumentException if kernel or an array is null, or a lengthscale, the
 * outputscale or the noise variance is not a positive finite number (e.g. when restored
 * from storage to warm-start
 * {@link BayesianOptimizer#propose(Observations, int, long, FittedHyperparameters)})
 */
public record FittedHyperparameters(KernelChoice kernel, double[] latentLengthscales, double[] scoreLengthscales,
		double outputscale, double noiseVariance, double constantMean, double logMarginalLikelihood,
		int likelihoodEvaluations) {

	public FittedHyperparameters {
		if (kernel == null || latentLengthscales == null || scoreLengthscales == null) {
			throw new IllegalArgumentException("kernel and lengthscales must not be null");
		}
		latentLengthscales = latentLengthscales.clone();
		scoreLengthscales = scoreLengthscales.clone();
		for (double v : latentLengthscales) {
			requirePositive(v, "latent lengthscale");
		}
		for (double v : scoreLengthscales) {
			requirePositive(v, "score lengthscale");
		}
		requirePositive(outputscale, "outputscale");
		requirePositive(noiseVariance, "noiseVariance");
		if (!Double.isFinite(constantMean)) {
			throw new IllegalArgumentException("constantMean must be finite, got " + constantMean);
		}
	}

	private static void requirePositive(double v, String name) {
		if (!(v > 0) || !Double.isFinite(v)) {
			throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
		}
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
