package dev.instructzero.bo;

/**
 * Tuning of {@link BayesianOptimizer}; {@link #defaults()} follows the InstructZero
 * reference.
 *
 * @param fitRestarts L-BFGS starts for each hyper-parameter fit (the best is kept), at
 * least 1
 * @param fitMaxIterations L-BFGS iterations per start, at least 1
 * @param cmaPopulation CMA-ES population per start (reference: 50), at least 4
 * @param cmaGenerations CMA-ES generations (reference: about 10), at least 1
 * @param cmaInitialStepSize CMA-ES sigma0 in the [-1, 1] box (reference: 0.8), positive
 * @param minDistance minimum Euclidean distance of a proposal from every other proposal
 * and every observed soft prompt, non-negative
 * @param batchSelection how the q proposals of one step are chosen, not null
 * ({@link BatchSelection#KRIGING_BELIEVER} by default; {@link BatchSelection#INDEPENDENT}
 * is the reference's behaviour)
 * @param lengthscalePrior the prior on the Gaussian process's lengthscales, not null
 * @param equivalenceExclusion whether Kriging-believer proposals keep the
 * {@link EquivalenceRadius} (estimated from the observations) from every observed and
 * chosen point instead of only minDistance (true by default; no effect on
 * {@link BatchSelection#INDEPENDENT})
 * @throws IllegalArgumentException if a value is out of range
 */
public record OptimizerSettings(int fitRestarts, int fitMaxIterations, int cmaPopulation, int cmaGenerations,
		double cmaInitialStepSize, double minDistance, BatchSelection batchSelection, LengthscalePrior lengthscalePrior,
		boolean equivalenceExclusion) {

	/**
	 * The dimension-scaled log-normal prior: chosen over the reference's Gamma(3, 6) by
	 * the batch-exploration benchmark (duplicates 23 % vs 33 %, best found 0.553 vs 0.516
	 * over 10 seeds) and Branin (0.0022 vs 0.011 at 30 evaluations); Hartmann-6 went the
	 * other way (0.122 vs 0.063 at 100). docs/benchmarks.md has the figures.
	 */
	public static final LengthscalePrior DEFAULT_LENGTHSCALE_PRIOR = LengthscalePrior.DIMENSION_SCALED_LOGNORMAL;

	public OptimizerSettings {
		if (lengthscalePrior == null) {
			throw new IllegalArgumentException("lengthscalePrior must not be null");
		}
		if (fitRestarts < 1 || fitMaxIterations < 1) {
			throw new IllegalArgumentException("fitRestarts and fitMaxIterations must be at least 1");
		}
		if (cmaPopulation < 4 || cmaGenerations < 1) {
			throw new IllegalArgumentException("cmaPopulation must be at least 4 and cmaGenerations at least 1");
		}
		if (!(cmaInitialStepSize > 0) || !(minDistance >= 0) || !Double.isFinite(minDistance)
				|| !Double.isFinite(cmaInitialStepSize)) {
			throw new IllegalArgumentException("cmaInitialStepSize must be positive and minDistance non-negative");
		}
		if (batchSelection == null) {
			throw new IllegalArgumentException("batchSelection must not be null");
		}
	}

	/**
	 * Settings with the default {@link BatchSelection#KRIGING_BELIEVER} selection,
	 * {@link #DEFAULT_LENGTHSCALE_PRIOR} and the equivalence exclusion.
	 */
	public OptimizerSettings(int fitRestarts, int fitMaxIterations, int cmaPopulation, int cmaGenerations,
			double cmaInitialStepSize, double minDistance) {
		this(fitRestarts, fitMaxIterations, cmaPopulation, cmaGenerations, cmaInitialStepSize, minDistance,
				BatchSelection.KRIGING_BELIEVER, DEFAULT_LENGTHSCALE_PRIOR, true);
	}

	/** These settings with another batch selection. */
	public OptimizerSettings withBatchSelection(BatchSelection selection) {
		return new OptimizerSettings(this.fitRestarts, this.fitMaxIterations, this.cmaPopulation, this.cmaGenerations,
				this.cmaInitialStepSize, this.minDistance, selection, this.lengthscalePrior, this.equivalenceExclusion);
	}

	/** These settings with another lengthscale prior. */
	public OptimizerSettings withLengthscalePrior(LengthscalePrior prior) {
		return new OptimizerSettings(this.fitRestarts, this.fitMaxIterations, this.cmaPopulation, this.cmaGenerations,
				this.cmaInitialStepSize, this.minDistance, this.batchSelection, prior, this.equivalenceExclusion);
	}

	/** These settings with the equivalence exclusion on or off. */
	public OptimizerSettings withEquivalenceExclusion(boolean exclusion) {
		return new OptimizerSettings(this.fitRestarts, this.fitMaxIterations, this.cmaPopulation, this.cmaGenerations,
				this.cmaInitialStepSize, this.minDistance, this.batchSelection, this.lengthscalePrior, exclusion);
	}

	/**
	 * 3 fit starts of at most 50 iterations, CMA-ES 50 x 10 with sigma0 0.8, min distance
	 * 1e-3, Kriging-believer batches, {@link #DEFAULT_LENGTHSCALE_PRIOR}, equivalence
	 * exclusion.
	 */
	public static OptimizerSettings defaults() {
		return new OptimizerSettings(3, 50, 50, 10, 0.8, 1e-3);
	}

}
