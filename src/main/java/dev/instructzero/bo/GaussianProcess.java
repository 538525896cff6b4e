package dev.instructzero.bo;

import java.util.Objects;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

/**
 * A fitted Gaussian process over soft prompts on the standardised scores, and its batched
 * posterior.
 * <p>
 * Both kernels are written in one "feature" form so a batch of B candidates costs one or
 * two gemms (OpenBLAS, see {@link DenseAlgebra}): with l_x = k_Matérn(x, Z) (n-vector)
 * and psi = F l_x, mean(x) = c + b^T psi and var(x) = c0 + psi^T H psi, where
 * <ul>
 * <li>latent: F = I, b = s alpha, H = -s^2 C^-1, c0 = s;</li>
 * <li>coupled: F = lower-triangular inverse of chol(L + eps I), so (L + eps I)^-1 = F^T
 * F; Phi = (L + eps I)^-1 L = I - eps F^T F; b = s F S Phi alpha; H = F (s S - s^2 S Phi
 * C^-1 Phi S) F^T; c0 = 0.</li>
 * </ul>
 * Here s is the outputscale, C = s K + noise I the training covariance and alpha = C^-1
 * (y - c). For the coupled kernel ||psi||^2 = l_x^T (L + eps I)^-1 l_x <= 1, which keeps
 * the cancellation in psi^T H psi at the 1e-10 level.
 * <p>
 * Hyper-parameters of the coupled kernel: the marginal likelihood sees l and L only
 * through Phi = I - eps (L + eps I)^-1 (so K = s Phi S Phi on the training points, nearly
 * S), so the latent lengthscales are barely identified by it and a joint fit leaves them
 * near the Gamma(3, 6) prior mode whatever the data. We therefore fit them first by a
 * latent GP on (Z, y), which measures how the score varies with z and is exactly what l
 * needs to extrapolate, then fit S's lengthscales, the outputscale, noise and mean by the
 * coupled marginal likelihood with Phi fixed.
 */
final class GaussianProcess {

	/** Side of the box [-1, 1]^d the soft prompts live in, for the lengthscale prior. */
	static final double SOFT_PROMPT_BOX_WIDTH = 2;

	/** Per-example scores (exact match, F1, ...) lie in [0, 1]. */
	static final double SCORE_VECTOR_BOX_WIDTH = 1;

	/**
	 * The exact coupled stage is skipped when ||I - Phi||_inf is at most this: the
	 * surrogate's covariance then differs from the exact one by at most 0.2 % of ||S||_2.
	 */
	static final double EXACT_COUPLING_TOLERANCE = 1e-3;

	/** The reference's eps in (L + eps I)^-1. */
	static final double COUPLING_EPSILON = 1e-4;

	/**
	 * Above this many observations every fit uses a single L-BFGS start of at most
	 * {@link #LARGE_MAX_ITERATIONS} iterations: each likelihood evaluation costs O(n^3)
	 * (about 50 ms at n = 500 here) and the likelihood is sharply peaked at large n.
	 */
	static final int MANY_RESTARTS_UP_TO = 200;

	static final int LARGE_MAX_ITERATIONS = 25;

	/** L-BFGS iterations per stage when warm-started (single start). */
	static final int WARM_MAX_ITERATIONS = 10;

	/** L-BFGS iterations on the exact coupled likelihood after the surrogate fit. */
	static final int POLISH_ITERATIONS = 10;

	/**
	 * Above MANY_RESTARTS_UP_TO observations: each polish step costs four n^3 products.
	 */
	static final int POLISH_ITERATIONS_LARGE = 3;

	/**
	 * Posterior of the latent function on the standardised scale, one entry per
	 * candidate.
	 */
	record Posterior(double[] mean, double[] variance) {
	}

	private final double[][] z;

	private final double[] latentLengthscales;

	/** F^T (n x n), null for the latent kernel (F = I). */
	private final double @Nullable [] featureMapTransposed;

	/** [H | b], n x (n + 1). */
	private final double[] varianceFormAndMeanWeights;

	private final double priorVariance;

	private final double constantMean;

	private final double scoreMean;

	private final double scoreScale;

	private final double[] standardizedScores;

	private final FittedHyperparameters hyperparameters;

	private final double logPosterior;

	private final boolean exactStageRun;

	private GaussianProcess(double[][] z, double[] latentLengthscales, double @Nullable [] featureMapTransposed,
			double[] h, double[] b, double priorVariance, double constantMean, double scoreMean, double scoreScale,
			double[] standardizedScores, FittedHyperparameters hyperparameters, double logPosterior,
			boolean exactStageRun) {
		this.z = z;
		this.latentLengthscales = latentLengthscales;
		this.featureMapTransposed = featureMapTransposed;
		int n = b.length;
		double[] combined = new double[n * (n + 1)];
		for (int i = 0; i < n; i++) {
			System.arraycopy(h, i * n, combined, i * (n + 1), n);
			combined[i * (n + 1) + n] = b[i];
		}
		this.varianceFormAndMeanWeights = combined;
		this.priorVariance = priorVariance;
		this.constantMean = constantMean;
		this.scoreMean = scoreMean;
		this.scoreScale = scoreScale;
		this.standardizedScores = standardizedScores;
		this.hyperparameters = hyperparameters;
		this.logPosterior = logPosterior;
		this.exactStageRun = exactStageRun;
	}

	static GaussianProcess fit(Observations observations, int restarts, int maxIterations, long seed) {
		return fit(observations, restarts, maxIterations, seed, null);
	}

	/**
	 * As above; a non-null {@code warmStart} (e.g. the previous step's hyper-parameters)
	 * is the first L-BFGS start of each stage instead of the centre of the box.
	 * @throws IllegalArgumentException if warmStart's kernel or sizes do not match
	 */
	static GaussianProcess fit(Observations observations, int restarts, int maxIterations, long seed,
			@Nullable FittedHyperparameters warmStart) {
		return fit(observations, restarts, maxIterations, seed, warmStart, LengthscalePrior.REFERENCE_GAMMA);
	}

	/**
	 * As above, with the given prior on the lengthscales of z (box [-1, 1]^d) and of the
	 * score vectors (box [0, 1]^m).
	 */
	static GaussianProcess fit(Observations observations, int restarts, int maxIterations, long seed,
			@Nullable FittedHyperparameters warmStart, LengthscalePrior lengthscalePrior) {
		return fit(observations, restarts, maxIterations, seed, warmStart, lengthscalePrior, EXACT_COUPLING_TOLERANCE);
	}

	/**
	 * As above; the exact coupled stage runs unless max_i sum_j |(I - Phi)_ij| <=
	 * couplingTolerance (a negative tolerance always runs it, as before the skip
	 * existed).
	 */
	static GaussianProcess fit(Observations observations, int restarts, int maxIterations, long seed,
			@Nullable FittedHyperparameters warmStart, LengthscalePrior lengthscalePrior, double couplingTolerance) {
		double[][] z = observations.zView();
		double[] raw = observations.scoresView();
		int n = raw.length;
		int d = observations.dimension();
		double scoreMean = 0;
		for (double v : raw) {
			scoreMean += v;
		}
		scoreMean /= n;
		double squares = 0;
		for (double v : raw) {
			squares += (v - scoreMean) * (v - scoreMean);
		}
		// unbiased std as BoTorch's standardize; constant scores carry no scale, keep 1
		double scoreScale = (n > 1) ? Math.sqrt(squares / (n - 1)) : 0;
		if (!(scoreScale > 1e-12 * Math.max(1, Math.abs(scoreMean)))) {
			scoreScale = 1;
		}
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			y[i] = (raw[i] - scoreMean) / scoreScale;
		}
		double[] extra = standardizedExtraNoise(observations.extraNoiseView(), scoreScale);
		SplittableRandom random = new SplittableRandom(seed);
		MarginalLikelihood latent = new MarginalLikelihood(z, y, null,
				lengthscalePrior.forInputs(d, SOFT_PROMPT_BOX_WIDTH), extra);
		// one start suffices once n is large: the likelihood is sharply peaked and each
		// start costs O(n^3)
		int effectiveRestarts = (n <= MANY_RESTARTS_UP_TO && warmStart == null) ? restarts : 1;
		int iterations = (n <= MANY_RESTARTS_UP_TO) ? maxIterations : Math.min(maxIterations, LARGE_MAX_ITERATIONS);
		if (warmStart != null) {
			// the previous optimum is close: a short single run refines it (the point of
			// warm starting)
			iterations = Math.min(iterations, WARM_MAX_ITERATIONS);
		}
		checkWarmStart(observations, warmStart);
		HyperparameterFit.Fit latentFit = HyperparameterFit.maximize(latent, effectiveRestarts, iterations, random,
				(warmStart == null) ? null : startFrom(warmStart.latentLengthscales(), warmStart));
		double[] zLengthscales = exp(latentFit.parameters(), 0, d);
		if (observations.kernel() == KernelChoice.LATENT) {
			return latentModel(observations, z, y, zLengthscales, latentFit, latent, scoreMean, scoreScale, extra);
		}
		double[][] v = observations.scoreVectorsView();
		int m = v[0].length;
		double[] l = Matern52Kernel.matrix(z, zLengthscales);
		for (int i = 0; i < n; i++) {
			l[i * n + i] += COUPLING_EPSILON;
		}
		CholeskyFactor lFactor = DenseAlgebra.cholesky(l, n);
		double[] f = DenseAlgebra.lowerInverse(lFactor.lower(), n);
		double[] lInverse = DenseAlgebra.inverseFromCholesky(lFactor.lower(), n);
		double epsilon = COUPLING_EPSILON + lFactor.jitter();
		double[] phi = new double[n * n];
		for (int i = 0; i < phi.length; i++) {
			phi[i] = -epsilon * lInverse[i];
		}
		for (int i = 0; i < n; i++) {
			phi[i * n + i] += 1;
		}
		// Stage 2a: the surrogate K = s S + noise I (Phi ~ I, as the reference notes K ~
		// S on the observed points) costs one Cholesky per evaluation instead of four
		// extra n^3 products.
		HyperparameterPrior scorePrior = lengthscalePrior.forInputs(m, SCORE_VECTOR_BOX_WIDTH);
		MarginalLikelihood surrogate = new MarginalLikelihood(v, y, null, scorePrior, extra);
		HyperparameterFit.Fit surrogateFit = HyperparameterFit.maximize(surrogate, effectiveRestarts, iterations,
				random, (warmStart == null) ? null : startFrom(warmStart.scoreLengthscales(), warmStart));
		// Stage 2b: polish on the exact coupled likelihood K = s Phi S Phi + noise I,
		// unless Phi is so close to I that the surrogate is already the exact model:
		// with D = I - Phi, ||D||_2 <= ||D||_inf, so ||Phi S Phi - S||_2 <= (2 tol +
		// tol^2)
		// ||S||_2
		double deviation = epsilon * maxAbsoluteRowSum(lInverse, n);
		HyperparameterFit.Fit coupledFit = surrogateFit;
		if (!(deviation <= couplingTolerance)) {
			MarginalLikelihood coupled = new MarginalLikelihood(v, y, phi, scorePrior, extra);
			int polish = (n <= MANY_RESTARTS_UP_TO) ? POLISH_ITERATIONS : POLISH_ITERATIONS_LARGE;
			coupledFit = HyperparameterFit.maximize(coupled, 1, polish, random, surrogateFit.parameters());
		}
		double[] p = coupledFit.parameters();
		double[] vLengthscales = exp(p, 0, m);
		double outputscale = Math.exp(p[m]);
		double noise = Math.exp(p[m + 1]);
		double mean = p[m + 2];
		double[] s = Matern52Kernel.matrix(v, vLengthscales);
		double[] a = DenseAlgebra.multiply(s, n, n, phi, n);
		// Phi S Phi = Phi^T (S Phi): one product reused by the correction below
		double[] base = DenseAlgebra.multiply(phi, n, n, a, n);
		symmetrize(base, n);
		Solved solved = solve(base, outputscale, noise, extra, mean, y, n, false);
		// b = s F S (Phi alpha)
		double[] phiAlpha = DenseAlgebra.multiply(phi, n, n, solved.alpha(), 1);
		double[] sPhiAlpha = DenseAlgebra.multiply(s, n, n, phiAlpha, 1);
		double[] b = DenseAlgebra.multiply(f, n, n, sPhiAlpha, 1);
		scale(b, outputscale);
		// H = F (s S - s^2 A C^-1 A^T) F^T with A = S Phi; A C^-1 A^T = G^T G with G =
		// L_C^-1 A^T = L_C^-1 Phi S (triangular solve and a rank-n update instead of
		// two products and C^-1)
		double[] g = DenseAlgebra.solveLower(solved.lower(), n, transpose(a, n, n), n);
		double[] correction = DenseAlgebra.gram(g, n, n);
		double[] q = new double[n * n];
		for (int i = 0; i < q.length; i++) {
			q[i] = outputscale * s[i] - outputscale * outputscale * correction[i];
		}
		double[] fTransposed = transpose(f, n, n);
		double[] h = DenseAlgebra.multiply(DenseAlgebra.multiply(f, n, n, q, n), n, n, fTransposed, n);
		symmetrize(h, n);
		FittedHyperparameters hyperparameters = new FittedHyperparameters(KernelChoice.INSTRUCTION_COUPLED,
				zLengthscales, vLengthscales, outputscale, noise, mean, solved.logMarginalLikelihood(),
				latentFit.evaluations() + surrogateFit.evaluations()
						+ ((coupledFit == surrogateFit) ? 0 : coupledFit.evaluations()));
		return new GaussianProcess(z, zLengthscales, fTransposed, h, b, 0, mean, scoreMean, scoreScale, y,
				hyperparameters, solved.logMarginalLikelihood() + logPrior(p, scorePrior), coupledFit != surrogateFit);
	}

	/** Per-point extra noise on the standardised scale (variances scale by 1/scale^2). */
	private static double[] standardizedExtraNoise(double[] raw, double scoreScale) {
		double[] extra = new double[raw.length];
		for (int i = 0; i < raw.length; i++) {
			extra[i] = raw[i] / (scoreScale * scoreScale);
		}
		return extra;
	}

	private static double maxAbsoluteRowSum(double[] a, int n) {
		double max = 0;
		for (int i = 0; i < n; i++) {
			double sum = 0;
			for (int j = 0; j < n; j++) {
				sum += Math.abs(a[i * n + j]);
			}
			max = Math.max(max, sum);
		}
		return max;
	}

	private static GaussianProcess latentModel(Observations observations, double[][] z, double[] y,
			double[] lengthscales, HyperparameterFit.Fit fit, MarginalLikelihood likelihood, double scoreMean,
			double scoreScale, double[] extra) {
		int n = y.length;
		int d = lengthscales.length;
		double[] p = fit.parameters();
		double outputscale = Math.exp(p[d]);
		double noise = Math.exp(p[d + 1]);
		double mean = p[d + 2];
		Solved solved = solve(Matern52Kernel.matrix(z, lengthscales), outputscale, noise, extra, mean, y, n, true);
		double[] b = solved.alpha().clone();
		scale(b, outputscale);
		double[] h = Objects.requireNonNull(solved.inverse()).clone(); // solved with the
																		// inverse
		scale(h, -outputscale * outputscale);
		FittedHyperparameters hyperparameters = new FittedHyperparameters(KernelChoice.LATENT, lengthscales,
				new double[0], outputscale, noise, mean, solved.logMarginalLikelihood(), fit.evaluations());
		return new GaussianProcess(z, lengthscales, null, h, b, outputscale, mean, scoreMean, scoreScale, y,
				hyperparameters, solved.logMarginalLikelihood() + logPrior(p, likelihood.lengthscalePrior()), false);
	}

	private static void checkWarmStart(Observations observations, @Nullable FittedHyperparameters warmStart) {
		if (warmStart == null) {
			return;
		}
		int m = observations.scoreVectorsView()[0].length;
		boolean coupled = observations.kernel() == KernelChoice.INSTRUCTION_COUPLED;
		if (warmStart.kernel() != observations.kernel()
				|| warmStart.latentLengthscales().length != observations.dimension()
				|| (coupled && warmStart.scoreLengthscales().length != m)) {
			throw new IllegalArgumentException(
					"warm start " + warmStart.kernel() + " with " + warmStart.latentLengthscales().length + " + "
							+ warmStart.scoreLengthscales().length + " lengthscales does not fit " + observations);
		}
	}

	/**
	 * Log-space parameter vector [log l..., log s, log noise, mean] from fitted values.
	 */
	private static double[] startFrom(double[] lengthscales, FittedHyperparameters warmStart) {
		int p = lengthscales.length;
		double[] start = new double[p + 3];
		for (int k = 0; k < p; k++) {
			start[k] = Math.log(lengthscales[k]);
		}
		start[p] = Math.log(warmStart.outputscale());
		start[p + 1] = Math.log(warmStart.noiseVariance());
		start[p + 2] = warmStart.constantMean();
		return start;
	}

	/**
	 * The training covariance C = s base + noise I solved: alpha = C^-1 (y - mean), its
	 * Cholesky factor, C^-1 when asked for, and log p(y).
	 */
	private record Solved(double[] alpha, double[] lower, double @Nullable [] inverse, double logMarginalLikelihood) {
	}

	private static Solved solve(double[] base, double outputscale, double noise, double[] extra, double mean,
			double[] y, int n, boolean withInverse) {
		double[] c = new double[n * n];
		for (int i = 0; i < c.length; i++) {
			c[i] = outputscale * base[i];
		}
		for (int i = 0; i < n; i++) {
			c[i * n + i] += noise + extra[i];
		}
		CholeskyFactor factor = DenseAlgebra.cholesky(c, n);
		double[] residual = new double[n];
		for (int i = 0; i < n; i++) {
			residual[i] = y[i] - mean;
		}
		double[] alpha = factor.solve(residual);
		double[] inverse = withInverse ? DenseAlgebra.inverseFromCholesky(factor.lower(), n) : null;
		double logLikelihood = -0.5 * Lbfgs.dot(residual, alpha) - 0.5 * factor.logDeterminant()
				- 0.5 * n * Math.log(2 * Math.PI);
		return new Solved(alpha, factor.lower(), inverse, logLikelihood);
	}

	/**
	 * Posterior mean and variance of the latent function at each row of x (standardised).
	 */
	Posterior predict(double[][] x) {
		int count = x.length;
		int n = this.z.length;
		double[] cross = Matern52Kernel.cross(x, this.z, this.latentLengthscales);
		// one product psi [H | b] yields both the quadratic form's left factor and the
		// mean
		double[] psiValues = (this.featureMapTransposed == null) ? cross
				: DenseAlgebra.multiply(cross, count, n, this.featureMapTransposed, n);
		double[] projected = DenseAlgebra.multiply(psiValues, count, n, this.varianceFormAndMeanWeights, n + 1);
		double[] mean = new double[count];
		double[] variance = new double[count];
		int width = n + 1;
		for (int i = 0; i < count; i++) {
			double quadratic = 0;
			for (int j = 0; j < n; j++) {
				quadratic += psiValues[i * n + j] * projected[i * width + j];
			}
			mean[i] = this.constantMean + projected[i * width + n];
			// round-off can push a tiny variance below 0 next to an observation
			variance[i] = Math.max(this.priorVariance + quadratic, 1e-12);
		}
		return new Posterior(mean, variance);
	}

	/**
	 * Posterior covariance cov(f(x_i), f(c_j)) of the latent function (standardised),
	 * row-major x.length x c.length: s k(x, c) + psi_x^T H psi_c for the latent kernel,
	 * psi_x^T H psi_c for the coupled one (the feature form above; its diagonal for x = c
	 * is {@link #predict}'s variance).
	 */
	double[] posteriorCovariance(double[][] x, double[][] c) {
		int n = this.z.length;
		double[] psiX = features(x);
		double[] psiC = features(c);
		// H psi_c^T, n x c.length; H is the first n columns of [H | b]
		double[] h = new double[n * n];
		for (int i = 0; i < n; i++) {
			System.arraycopy(this.varianceFormAndMeanWeights, i * (n + 1), h, i * n, n);
		}
		double[] hPsiC = DenseAlgebra.multiply(h, n, n, transpose(psiC, c.length, n), c.length);
		double[] covariance = DenseAlgebra.multiply(psiX, x.length, n, hPsiC, c.length);
		if (this.priorVariance != 0) {
			double[] prior = Matern52Kernel.cross(x, c, this.latentLengthscales);
			for (int i = 0; i < covariance.length; i++) {
				covariance[i] += this.priorVariance * prior[i];
			}
		}
		return covariance;
	}

	/** psi for each row of x, row-major x.length x n. */
	private double[] features(double[][] x) {
		int n = this.z.length;
		double[] cross = Matern52Kernel.cross(x, this.z, this.latentLengthscales);
		return (this.featureMapTransposed == null) ? cross
				: DenseAlgebra.multiply(cross, x.length, n, this.featureMapTransposed, n);
	}

	/** The Gaussian noise variance on the standardised scale. */
	double noiseVariance() {
		return this.hyperparameters.noiseVariance();
	}

	double bestStandardizedScore() {
		double best = Double.NEGATIVE_INFINITY;
		for (double v : this.standardizedScores) {
			best = Math.max(best, v);
		}
		return best;
	}

	/**
	 * The maximised objective of the final fit stage: log p(y | theta) + log priors (as
	 * {@link MarginalLikelihood}), on the standardised scores.
	 */
	double logPosterior() {
		return this.logPosterior;
	}

	/** Whether the exact coupled stage ran (false for the latent kernel). */
	boolean exactStageRun() {
		return this.exactStageRun;
	}

	private static double logPrior(double[] p, HyperparameterPrior lengthscalePrior) {
		int count = p.length - 3;
		double sum = GammaPrior.OUTPUTSCALE.logDensity(p[count]) + GammaPrior.NOISE.logDensity(p[count + 1]);
		for (int k = 0; k < count; k++) {
			sum += lengthscalePrior.logDensity(p[k]);
		}
		return sum;
	}

	double scoreMean() {
		return this.scoreMean;
	}

	double scoreScale() {
		return this.scoreScale;
	}

	FittedHyperparameters hyperparameters() {
		return this.hyperparameters;
	}

	private static double[] exp(double[] values, int from, int count) {
		double[] r = new double[count];
		for (int i = 0; i < count; i++) {
			r[i] = Math.exp(values[from + i]);
		}
		return r;
	}

	private static void scale(double[] values, double factor) {
		for (int i = 0; i < values.length; i++) {
			values[i] *= factor;
		}
	}

	static double[] transpose(double[] a, int rows, int columns) {
		double[] t = new double[a.length];
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < columns; j++) {
				t[j * rows + i] = a[i * columns + j];
			}
		}
		return t;
	}

	private static void symmetrize(double[] a, int n) {
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < i; j++) {
				double v = 0.5 * (a[i * n + j] + a[j * n + i]);
				a[i * n + j] = v;
				a[j * n + i] = v;
			}
		}
	}

}
