package dev.instructzero.bo;

/**
 * How {@link BayesianOptimizer} turns one fitted Gaussian process into a batch of q
 * proposals.
 */
public enum BatchSelection {

	/**
	 * The reference's selection: q CMA-ES runs on the same log EI, started from the q
	 * best observed points, their optima (deduplicated) are the batch. With LogEI the
	 * runs climb the same peak, so the batch collapses onto one region.
	 */
	INDEPENDENT,

	/**
	 * Sequential greedy selection with the Kriging believer (Ginsbourger, Le Riche and
	 * Carraro 2010, "Kriging is well-suited to parallelize optimization"): after each
	 * choice the process is conditioned on a fantasy observation at its posterior mean,
	 * which leaves the mean unchanged and shrinks the variance around the chosen point,
	 * so the next maximiser of log EI lies elsewhere. See {@link KrigingBeliever}.
	 */
	KRIGING_BELIEVER

}
