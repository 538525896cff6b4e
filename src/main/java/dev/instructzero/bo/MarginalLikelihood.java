package dev.instructzero.bo;

import org.jspecify.annotations.Nullable;

/**
 * Negative log marginal likelihood plus negative log priors of a GP with constant mean,
 * Gaussian noise and covariance outputscale * P M(X; l) P + noise I, where M is a
 * Matérn-5/2 ARD matrix on the training features X and P is either the identity (latent
 * kernel, X = Z) or the symmetric coupling matrix Phi = (L + eps I)^-1 L
 * (instruction-coupled kernel, X = V). Parameters, in this order: log lengthscales (one
 * per feature), log outputscale, log noise, constant mean.
 * <p>
 * Gradient (Rasmussen and Williams eq. 5.9): d mll / d theta = 1/2 tr((a a^T - C^-1)
 * dC/dtheta) with a = C^-1 (y - mean); C^-1 is formed once per evaluation from the
 * Cholesky factor, and only when the gradient is asked for (LAPACK potri from n =
 * {@link DenseAlgebra#NATIVE_FACTOR_FROM}).
 * <p>
 * Priors: the lengthscale prior given at construction (Gamma(3, 6) by default, see
 * {@link LengthscalePrior}), BoTorch's classic Gamma(2, 0.15) on the outputscale and
 * Gamma(1.1, 0.05) on the noise variance.
 */
final class MarginalLikelihood implements Lbfgs.Objective {

	private static final double LOG_2PI = Math.log(2 * Math.PI);

	private final double[][] features;

	private final double[] y;

	private final double @Nullable [] coupling;

	private final int n;

	private final HyperparameterPrior lengthscalePrior;

	/** Fixed per-point noise variance added to the diagonal (null = none). */
	private final double @Nullable [] extraNoise;

	/** With the reference's Gamma(3, 6) lengthscale prior. */
	MarginalLikelihood(double[][] features, double[] y, double @Nullable [] coupling) {
		this(features, y, coupling, GammaPrior.LENGTHSCALE);
	}

	MarginalLikelihood(double[][] features, double[] y, double @Nullable [] coupling,
			HyperparameterPrior lengthscalePrior) {
		this(features, y, coupling, lengthscalePrior, null);
	}

	/**
	 * As above, with C = s P M P + noise I + diag(extraNoise): the extra variances are
	 * fixed (known sampling variances), so the noise gradient is unchanged.
	 */
	MarginalLikelihood(double[][] features, double[] y, double @Nullable [] coupling,
			HyperparameterPrior lengthscalePrior, double @Nullable [] extraNoise) {
		this.extraNoise = extraNoise;
		this.features = features;
		this.y = y;
		this.coupling = coupling;
		this.n = y.length;
		this.lengthscalePrior = lengthscalePrior;
	}

	HyperparameterPrior lengthscalePrior() {
		return this.lengthscalePrior;
	}

	int parameterCount() {
		return this.features[0].length + 3;
	}

	/** The unscaled kernel matrix P M P (or M) at the given lengthscales. */
	double[] baseMatrix(double[] lengthscales) {
		double[] m = Matern52Kernel.matrix(this.features, lengthscales);
		return (this.coupling == null) ? m : DenseAlgebra.sandwichSymmetric(this.coupling, m, this.n);
	}

	@Override
	public double valueAndGradient(double[] parameters, double @Nullable [] gradient) {
		int p = this.features[0].length;
		double[] lengthscales = new double[p];
		for (int k = 0; k < p; k++) {
			lengthscales[k] = Math.exp(parameters[k]);
		}
		double outputscale = Math.exp(parameters[p]);
		double noise = Math.exp(parameters[p + 1]);
		double mean = parameters[p + 2];
		double[] base = baseMatrix(lengthscales);
		double[] c = new double[this.n * this.n];
		for (int i = 0; i < c.length; i++) {
			c[i] = outputscale * base[i];
		}
		for (int i = 0; i < this.n; i++) {
			c[i * this.n + i] += noise + ((this.extraNoise != null) ? this.extraNoise[i] : 0);
		}
		CholeskyFactor factor;
		try {
			factor = DenseAlgebra.cholesky(c, this.n);
		}
		catch (IllegalStateException ex) {
			return Double.NaN;
		}
		double[] residual = new double[this.n];
		for (int i = 0; i < this.n; i++) {
			residual[i] = this.y[i] - mean;
		}
		double[] alpha = factor.solve(residual);
		double logLikelihood = -0.5 * Lbfgs.dot(residual, alpha) - 0.5 * factor.logDeterminant()
				- 0.5 * this.n * LOG_2PI;
		double logPrior = GammaPrior.OUTPUTSCALE.logDensity(parameters[p])
				+ GammaPrior.NOISE.logDensity(parameters[p + 1]);
		for (int k = 0; k < p; k++) {
			logPrior += this.lengthscalePrior.logDensity(parameters[k]);
		}
		if (gradient != null) {
			double[] inverse = DenseAlgebra.inverseFromCholesky(factor.lower(), this.n);
			double[] w = new double[this.n * this.n];
			double trace = 0;
			double signal = 0;
			for (int i = 0; i < this.n; i++) {
				for (int j = 0; j < this.n; j++) {
					int ij = i * this.n + j;
					w[ij] = alpha[i] * alpha[j] - inverse[ij];
					signal += w[ij] * base[ij];
				}
				trace += w[i * this.n + i];
			}
			double[] weights = (this.coupling == null) ? w : DenseAlgebra.sandwichSymmetric(this.coupling, w, this.n);
			double[] lengthscaleGradient = Matern52Kernel.logLengthscaleGradient(this.features, lengthscales, weights);
			for (int k = 0; k < p; k++) {
				gradient[k] = -(0.5 * outputscale * lengthscaleGradient[k]
						+ this.lengthscalePrior.logDensityGradient(parameters[k]));
			}
			gradient[p] = -(0.5 * outputscale * signal + GammaPrior.OUTPUTSCALE.logDensityGradient(parameters[p]));
			gradient[p + 1] = -(0.5 * noise * trace + GammaPrior.NOISE.logDensityGradient(parameters[p + 1]));
			double meanGradient = 0;
			for (double a : alpha) {
				meanGradient += a;
			}
			gradient[p + 2] = -meanGradient;
		}
		return -(logLikelihood + logPrior);
	}

	/** log p(y | theta) alone (no priors), for tests and reporting. */
	double logMarginalLikelihood(double[] parameters) {
		int p = this.features[0].length;
		double logPrior = GammaPrior.OUTPUTSCALE.logDensity(parameters[p])
				+ GammaPrior.NOISE.logDensity(parameters[p + 1]);
		for (int k = 0; k < p; k++) {
			logPrior += this.lengthscalePrior.logDensity(parameters[k]);
		}
		return -valueAndGradient(parameters, null) - logPrior;
	}

}
