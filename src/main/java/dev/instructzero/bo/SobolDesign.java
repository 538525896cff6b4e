package dev.instructzero.bo;

import java.util.SplittableRandom;

import org.hipparchus.random.SobolSequenceGenerator;

/**
 * Randomly digitally shifted Sobol points in [-1, 1]^d: the first {@code count} points of
 * the Sobol sequence (Joe and Kuo 2008 direction numbers, as shipped with Hipparchus),
 * each coordinate's 52-bit binary expansion XOR-ed with a per-dimension random shift
 * drawn from the seed, then mapped affinely from [0, 1) to [-1, 1). A digital shift keeps
 * every (t, m, s)-net property of the sequence (so 2^k points still put exactly one point
 * in each of the 2^k equal slices of every coordinate) while removing the point at the
 * corner (-1, ..., -1) that the unshifted sequence starts with. Deterministic for a given
 * seed.
 */
public final class SobolDesign {

	/** The Joe-Kuo table shipped with Hipparchus covers this many dimensions. */
	public static final int MAX_DIMENSION = 21201;

	private static final int BITS = 52;

	private static final double SCALE = 0x1p52;

	private SobolDesign() {
	}

	/**
	 * The design.
	 * @param count number of points, at least 1
	 * @param dimension d, 1 to {@value #MAX_DIMENSION}
	 * @param seed selects the digital shift
	 * @return count x dimension points in [-1, 1)^d
	 * @throws IllegalArgumentException if count or dimension is out of range
	 */
	public static double[][] points(int count, int dimension, long seed) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1, got " + count);
		}
		if (dimension < 1 || dimension > MAX_DIMENSION) {
			throw new IllegalArgumentException("dimension must be in [1, " + MAX_DIMENSION + "], got " + dimension);
		}
		SplittableRandom random = new SplittableRandom(seed);
		long mask = (1L << BITS) - 1;
		long[] shift = new long[dimension];
		for (int k = 0; k < dimension; k++) {
			shift[k] = random.nextLong() & mask;
		}
		SobolSequenceGenerator generator = new SobolSequenceGenerator(dimension);
		double[][] points = new double[count][dimension];
		for (int i = 0; i < count; i++) {
			double[] unit = generator.nextVector();
			for (int k = 0; k < dimension; k++) {
				// Hipparchus returns integer / 2^52 exactly, so the integer is recovered
				// exactly
				long bits = ((long) (unit[k] * SCALE)) ^ shift[k];
				points[i][k] = 2 * (bits / SCALE) - 1;
			}
		}
		return points;
	}

}
