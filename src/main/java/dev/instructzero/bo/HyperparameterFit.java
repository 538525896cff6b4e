package dev.instructzero.bo;

import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

/**
 * Maximum a posteriori hyper-parameters of a {@link MarginalLikelihood}: L-BFGS from
 * several starts, the best kept. Box bounds are imposed by the smooth map theta = lower +
 * (upper - lower) sigmoid(u) and L-BFGS runs unconstrained in u.
 * <p>
 * Bounds (natural units, y standardised): lengthscales [0.01, 50], outputscale [0.01,
 * 100], noise variance [1e-4, 10] (1e-4 as BoTorch's minimum inferred noise), constant
 * mean [-3, 3]. The first start is the centre of the box in log units (lengthscale 0.71,
 * outputscale 1, noise 0.03, mean 0); the others draw lengthscales from the likelihood's
 * lengthscale prior, outputscale log-uniform in [0.3, 3] and noise log-uniform in [1e-4,
 * 0.3].
 */
final class HyperparameterFit {

	/**
	 * @param parameters the log-space parameters @param objective -(mll + log prior)
	 */
	record Fit(double[] parameters, double objective, int evaluations) {
	}

	private HyperparameterFit() {
	}

	static Fit maximize(MarginalLikelihood likelihood, int restarts, int maxIterations, SplittableRandom random) {
		return maximize(likelihood, restarts, maxIterations, random, null);
	}

	/**
	 * As above; a non-null {@code firstStart} (log-space parameters) replaces the default
	 * first start, e.g. to polish a surrogate's optimum.
	 */
	static Fit maximize(MarginalLikelihood likelihood, int restarts, int maxIterations, SplittableRandom random,
			double @Nullable [] firstStart) {
		int size = likelihood.parameterCount();
		int p = size - 3;
		double[] lower = new double[size];
		double[] upper = new double[size];
		for (int k = 0; k < p; k++) {
			lower[k] = Math.log(0.01);
			upper[k] = Math.log(50);
		}
		lower[p] = Math.log(0.01);
		upper[p] = Math.log(100);
		lower[p + 1] = Math.log(1e-4);
		upper[p + 1] = Math.log(10);
		lower[p + 2] = -3;
		upper[p + 2] = 3;
		Lbfgs.Objective bounded = (u, gradient) -> {
			double[] theta = new double[size];
			double[] jacobian = new double[size];
			for (int i = 0; i < size; i++) {
				double s = sigmoid(u[i]);
				theta[i] = lower[i] + (upper[i] - lower[i]) * s;
				jacobian[i] = (upper[i] - lower[i]) * s * (1 - s);
			}
			double value = likelihood.valueAndGradient(theta, gradient);
			for (int i = 0; i < size; i++) {
				gradient[i] *= jacobian[i];
			}
			return value;
		};
		Fit best = null;
		int evaluations = 0;
		for (int restart = 0; restart < Math.max(1, restarts); restart++) {
			double[] theta = new double[size];
			if (restart == 0 && firstStart != null) {
				theta = firstStart.clone();
			}
			else if (restart == 0) {
				for (int i = 0; i < size; i++) {
					theta[i] = 0.5 * (lower[i] + upper[i]);
				}
				theta[p + 2] = 0;
			}
			else {
				for (int k = 0; k < p; k++) {
					// a draw from the lengthscale prior, kept inside the box
					double draw = likelihood.lengthscalePrior().sample(random);
					theta[k] = Math.min(Math.max(Math.log(draw), lower[k]), upper[k]);
				}
				theta[p] = Math.log(0.3) + random.nextDouble() * Math.log(10);
				theta[p + 1] = Math.log(1e-4) + random.nextDouble() * Math.log(3000);
				theta[p + 2] = 0;
			}
			double[] u = new double[size];
			for (int i = 0; i < size; i++) {
				double t = (theta[i] - lower[i]) / (upper[i] - lower[i]);
				t = Math.min(Math.max(t, 1e-6), 1 - 1e-6);
				u[i] = Math.log(t / (1 - t));
			}
			Lbfgs.Result result = Lbfgs.minimize(bounded, u, maxIterations, 1e-5);
			evaluations += result.evaluations();
			if (Double.isFinite(result.value()) && (best == null || result.value() < best.objective())) {
				double[] fitted = new double[size];
				for (int i = 0; i < size; i++) {
					fitted[i] = lower[i] + (upper[i] - lower[i]) * sigmoid(result.x()[i]);
				}
				best = new Fit(fitted, result.value(), 0);
			}
		}
		if (best == null) {
			throw new IllegalStateException("hyper-parameter fit failed from every start: the covariance "
					+ "matrix was never positive definite (non-finite inputs or scores?)");
		}
		return new Fit(best.parameters(), best.objective(), evaluations);
	}

	private static double sigmoid(double u) {
		return 1 / (1 + Math.exp(-u));
	}

}
