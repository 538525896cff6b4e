package dev.instructzero.generator;

import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The fixed random projection A ∈ R^{(n·hidden) × d} of one job, which maps a point z of
 * the low-dimensional search space to a soft prompt P = reshape(A·z, [n, hidden]).
 *
 * <p>
 * A is drawn once from the job's seed with the {@code L64X128MixRandom} generator, row by
 * row ((n·hidden) rows of d entries), so the same seed, shape and kind always give the
 * same matrix. It is held as n·hidden·d doubles (Vicuna-13B, n = 5, d = 10: 256,000
 * doubles, 2 MB); shapes above {@value #MAX_ENTRIES} entries are refused.
 */
final class SoftPromptProjection {

	/** Largest n·hidden·d accepted (128 MB of doubles). */
	public static final long MAX_ENTRIES = 16_000_000L;

	private final ProjectionKind kind;

	private final long seed;

	private final int softTokens;

	private final int hidden;

	private final int intrinsicDimension;

	private final double[] matrix;

	private SoftPromptProjection(ProjectionKind kind, long seed, int softTokens, int hidden, int intrinsicDimension,
			double std) {
		if (softTokens < 1 || hidden < 1 || intrinsicDimension < 1) {
			throw new IllegalArgumentException(
					"soft tokens, hidden size and intrinsic dimension must be positive, got n=" + softTokens
							+ ", hidden=" + hidden + ", d=" + intrinsicDimension);
		}
		long entries = (long) softTokens * hidden * intrinsicDimension;
		if (entries > MAX_ENTRIES) {
			throw new IllegalArgumentException("projection of " + entries + " entries (n=" + softTokens + ", hidden="
					+ hidden + ", d=" + intrinsicDimension + ") exceeds " + MAX_ENTRIES);
		}
		if (!(std > 0) || Double.isInfinite(std)) {
			throw new IllegalArgumentException("projection std must be positive and finite, got " + std);
		}
		this.kind = kind;
		this.seed = seed;
		this.softTokens = softTokens;
		this.hidden = hidden;
		this.intrinsicDimension = intrinsicDimension;
		this.matrix = new double[(int) entries];
		RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
		for (int i = 0; i < this.matrix.length; i++) {
			this.matrix[i] = (kind == ProjectionKind.UNIFORM) ? random.nextDouble(-1.0, 1.0)
					: std * random.nextGaussian();
		}
	}

	/**
	 * A with entries i.i.d. uniform [-1, 1) (paper default).
	 * @param seed the job's seed
	 * @param softTokens n, soft tokens in the prompt
	 * @param hidden the model's hidden size
	 * @param intrinsicDimension d, dimension of z
	 * @return the projection
	 * @throws IllegalArgumentException for non-positive or too large shapes
	 */
	public static SoftPromptProjection uniform(long seed, int softTokens, int hidden, int intrinsicDimension) {
		return new SoftPromptProjection(ProjectionKind.UNIFORM, seed, softTokens, hidden, intrinsicDimension, 1.0);
	}

	/**
	 * A with entries i.i.d. normal(0, std²); for black-box-tuning scaling pass std =
	 * α·std(E)/√d.
	 * @param seed the job's seed
	 * @param softTokens n, soft tokens in the prompt
	 * @param hidden the model's hidden size
	 * @param intrinsicDimension d, dimension of z
	 * @param std standard deviation of the entries, positive
	 * @return the projection
	 * @throws IllegalArgumentException for non-positive or too large shapes, or a bad std
	 */
	public static SoftPromptProjection normal(long seed, int softTokens, int hidden, int intrinsicDimension,
			double std) {
		return new SoftPromptProjection(ProjectionKind.NORMAL, seed, softTokens, hidden, intrinsicDimension, std);
	}

	/**
	 * The soft prompt A·z, row-major [n, hidden] (element {@code t·hidden + h} is soft
	 * token t, feature h).
	 * @param z a point of length d with finite entries
	 * @return n·hidden values
	 * @throws IllegalArgumentException when z has the wrong length or a non-finite entry
	 */
	public double[] apply(double[] z) {
		Objects.requireNonNull(z, "z");
		if (z.length != this.intrinsicDimension) {
			throw new IllegalArgumentException(
					"z has length " + z.length + " but the projection expects d=" + this.intrinsicDimension);
		}
		for (double value : z) {
			if (!Double.isFinite(value)) {
				throw new IllegalArgumentException("z has a non-finite entry: " + java.util.Arrays.toString(z));
			}
		}
		int d = this.intrinsicDimension;
		double[] out = new double[this.softTokens * this.hidden];
		for (int row = 0; row < out.length; row++) {
			double sum = 0;
			int base = row * d;
			for (int j = 0; j < d; j++) {
				sum += this.matrix[base + j] * z[j];
			}
			out[row] = sum;
		}
		return out;
	}

	/**
	 * Entry A[row, column].
	 * @param row in [0, n·hidden)
	 * @param column in [0, d)
	 * @return the entry
	 */
	public double entry(int row, int column) {
		if (row < 0 || row >= this.softTokens * this.hidden || column < 0 || column >= this.intrinsicDimension) {
			throw new IndexOutOfBoundsException("A[" + row + ", " + column + "] outside ["
					+ (this.softTokens * this.hidden) + ", " + this.intrinsicDimension + "]");
		}
		return this.matrix[row * this.intrinsicDimension + column];
	}

	/** The distribution of the entries. */
	public ProjectionKind kind() {
		return this.kind;
	}

	/** The seed A was drawn from. */
	public long seed() {
		return this.seed;
	}

	/** n, the number of soft tokens. */
	public int softTokens() {
		return this.softTokens;
	}

	/** The model's hidden size. */
	public int hidden() {
		return this.hidden;
	}

	/** d, the dimension of z. */
	public int intrinsicDimension() {
		return this.intrinsicDimension;
	}

}
