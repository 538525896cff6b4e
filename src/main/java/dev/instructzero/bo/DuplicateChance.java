package dev.instructzero.bo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The chance that a soft prompt decodes to an instruction the job already knows,
 * estimated from the job's own data. Two observed soft prompts are equivalent when their
 * per-example score vectors are equal (for a deterministic black box: the same
 * instruction). The share s(r) of equivalent pairs among observed pairs about r apart is
 * read off the pairs sorted by distance, in groups of consecutive pairs, made
 * non-increasing in r (a decoder is locally constant, so nearer never means less alike).
 * A point x then repeats known instruction k with chance s(distance from x to the nearest
 * soft prompt of k), and, treating the instructions as independent, is new with chance
 * prod_k (1 - s(d_k(x))).
 * <p>
 * Expected improvement counts no gain for a repeat (its score is already known), so the
 * acquisition the Kriging believer maximises is log EI(x) + log P(new at x). Without
 * score vectors (the latent kernel) or equivalent pairs, P(new) is 1 everywhere.
 */
final class DuplicateChance {

	/** Pairs per group of the share estimate, at least. */
	static final int MIN_GROUP = 20;

	/** Groups of the share estimate, at most. */
	static final int MAX_GROUPS = 50;

	/** Cap of s: log(1 - s) stays finite. */
	static final double MAX_SHARE = 0.999;

	/** Upper distance bound of each group, ascending. */
	private final double[] bounds;

	/** s of each group, non-increasing. */
	private final double[] shares;

	/** Soft prompts of each known instruction (distinct score vector). */
	private final List<double[][]> instructions;

	private DuplicateChance(double[] bounds, double[] shares, List<double[][]> instructions) {
		this.bounds = bounds;
		this.shares = shares;
		this.instructions = instructions;
	}

	static DuplicateChance of(Observations observations) {
		double[][] z = observations.zView();
		double[][] vectors = observations.scoreVectorsView();
		int n = z.length;
		if (n < 2 || vectors[0].length == 0) {
			return new DuplicateChance(new double[0], new double[0], List.of());
		}
		Map<List<Double>, List<double[]>> byVector = new HashMap<>();
		List<List<Double>> order = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			List<Double> key = Arrays.stream(vectors[i]).boxed().toList();
			byVector.computeIfAbsent(key, (k) -> {
				order.add(k);
				return new ArrayList<>();
			}).add(z[i]);
		}
		List<double[][]> instructions = new ArrayList<>();
		for (List<Double> key : order) {
			instructions.add(Objects.requireNonNull(byVector.get(key)).toArray(new double[0][]));
		}
		int pairs = n * (n - 1) / 2;
		double[] distance = new double[pairs];
		boolean[] same = new boolean[pairs];
		Integer[] sorted = new Integer[pairs];
		int k = 0;
		int equivalent = 0;
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				distance[k] = BayesianOptimizer.distance(z[i], z[j]);
				same[k] = Arrays.equals(vectors[i], vectors[j]);
				equivalent += same[k] ? 1 : 0;
				sorted[k] = k;
				k++;
			}
		}
		if (equivalent == 0) {
			return new DuplicateChance(new double[0], new double[0], List.of());
		}
		Arrays.sort(sorted, (a, b) -> Double.compare(distance[a], distance[b]));
		int group = Math.max(MIN_GROUP, (pairs + MAX_GROUPS - 1) / MAX_GROUPS);
		int groups = (pairs + group - 1) / group;
		double[] bounds = new double[groups];
		double[] shares = new double[groups];
		for (int g = 0; g < groups; g++) {
			int from = g * group;
			int to = Math.min(pairs, from + group);
			int hits = 0;
			for (int r = from; r < to; r++) {
				hits += same[sorted[r]] ? 1 : 0;
			}
			bounds[g] = distance[sorted[to - 1]];
			shares[g] = Math.min(MAX_SHARE, hits / (double) (to - from));
		}
		for (int g = groups - 2; g >= 0; g--) {
			shares[g] = Math.max(shares[g], shares[g + 1]);
		}
		return new DuplicateChance(bounds, shares, instructions);
	}

	/** s(r): the share of equivalent pairs about r apart. */
	double share(double r) {
		if (this.bounds.length == 0) {
			return 0;
		}
		int at = Arrays.binarySearch(this.bounds, r);
		int group = (at >= 0) ? at : -at - 1;
		return (group < this.shares.length) ? this.shares[group] : this.shares[this.shares.length - 1];
	}

	/**
	 * log P(new instruction at x), also counting {@code chosen} points (the batch so far)
	 * as instructions of their own.
	 */
	double logChanceNew(double[] x, double[][] chosen) {
		if (this.bounds.length == 0) {
			return 0;
		}
		double log = 0;
		for (double[][] points : this.instructions) {
			double nearest = Double.POSITIVE_INFINITY;
			for (double[] point : points) {
				nearest = Math.min(nearest, BayesianOptimizer.distance(x, point));
			}
			log += Math.log1p(-share(nearest));
		}
		for (double[] point : chosen) {
			log += Math.log1p(-share(BayesianOptimizer.distance(x, point)));
		}
		return log;
	}

}
