package dev.instructzero.bo;

import java.util.Arrays;

/**
 * The radius in z within which observed soft prompts usually turn out equivalent: equal
 * per-example score vectors, which for a deterministic black box means the same
 * instruction (or one the instruction-coupled kernel cannot tell from it). The decoder
 * maps whole neighbourhoods of z to one instruction, so a proposal closer than this to an
 * observed soft prompt most likely repeats a known instruction and buys no information;
 * the Kriging-believer selection keeps its proposals this far from every observed and
 * chosen point (a trust-region-like exclusion, estimated from the job's own data rather
 * than set by hand).
 * <p>
 * Estimate: the pairs of observed points sorted by distance; the radius is the largest
 * pair distance r such that at least half of the pairs closer than or as close as r are
 * equivalent. 0 when the closest pair already differs, or when there are no score vectors
 * (the latent kernel), or fewer than two observations.
 */
final class EquivalenceRadius {

	/** Share of equivalent pairs the neighbourhood must keep. */
	static final double MAJORITY = 0.5;

	private EquivalenceRadius() {
	}

	static double of(Observations observations) {
		double[][] z = observations.zView();
		double[][] vectors = observations.scoreVectorsView();
		int n = z.length;
		if (n < 2 || vectors[0].length == 0) {
			return 0;
		}
		int pairs = n * (n - 1) / 2;
		double[] distance = new double[pairs];
		boolean[] same = new boolean[pairs];
		int k = 0;
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				distance[k] = BayesianOptimizer.distance(z[i], z[j]);
				same[k] = Arrays.equals(vectors[i], vectors[j]);
				k++;
			}
		}
		double pairRadius = majorityRadius(distance, same);
		// the observations in the order they were made: how far each was from the
		// nearest earlier one, and whether it repeated an earlier one
		double[] nearest = new double[n - 1];
		boolean[] repeated = new boolean[n - 1];
		for (int i = 1; i < n; i++) {
			nearest[i - 1] = Double.POSITIVE_INFINITY;
			for (int j = 0; j < i; j++) {
				nearest[i - 1] = Math.min(nearest[i - 1], BayesianOptimizer.distance(z[i], z[j]));
				repeated[i - 1] |= Arrays.equals(vectors[i], vectors[j]);
			}
		}
		return Math.max(pairRadius, majorityRadius(nearest, repeated));
	}

	/**
	 * The largest distance r such that at least {@link #MAJORITY} of the items at most r
	 * are equivalent; 0 if there is none.
	 */
	private static double majorityRadius(double[] distance, boolean[] equivalent) {
		Integer[] order = new Integer[distance.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
		double radius = 0;
		int hits = 0;
		for (int rank = 0; rank < order.length; rank++) {
			int item = order[rank];
			hits += equivalent[item] ? 1 : 0;
			if (equivalent[item] && hits >= MAJORITY * (rank + 1)) {
				radius = distance[item];
			}
		}
		return radius;
	}

}
