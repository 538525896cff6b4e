package dev.instructzero.bo;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * What the optimiser has seen so far: n evaluated soft prompts and their scores.
 * <p>
 * Arrays are copied on the way in and out, so callers may reuse theirs.
 *
 * @param z the soft prompts, n x d, every coordinate in [-1, 1]
 * @param scores the raw dev scores, n (higher is better; standardised inside the
 * optimiser)
 * @param scoreVectors per-example dev scores, n x m (m = dev-subset size); required (m >=
 * 1) for {@link KernelChoice#INSTRUCTION_COUPLED}, may be {@code null} for
 * {@link KernelChoice#LATENT}
 * @param kernel the covariance to use
 * @param extraNoise per-observation noise variance in raw score units squared, added to
 * the fitted homoscedastic noise (n values &ge; 0; {@code null} = all 0): the sampling
 * variance of a score measured on fewer examples than the others (a racing evaluation
 * stopped early)
 * @throws IllegalArgumentException if anything is null that must not be, n = 0, rows are
 * ragged, shapes disagree, a value is not finite, an extra noise is negative, or a soft
 * prompt leaves [-1, 1]^d
 */
public record Observations(double[][] z, double[] scores, double[][] scoreVectors, KernelChoice kernel,
		double[] extraNoise) {

	/** Observations that all carry the same (fitted) noise. */
	// null asks the compact constructor for the defaults (no score vectors, no extra
	// noise)
	@SuppressWarnings("NullAway")
	public Observations(double[][] z, double[] scores, double @Nullable [][] scoreVectors, KernelChoice kernel) {
		this(z, scores, scoreVectors, kernel, null);
	}

	public Observations {
		if (z == null || scores == null || kernel == null) {
			throw new IllegalArgumentException("z, scores and kernel must not be null");
		}
		int n = z.length;
		if (n == 0) {
			throw new IllegalArgumentException("at least one observation is needed");
		}
		if (scores.length != n) {
			throw new IllegalArgumentException("z has " + n + " rows but scores has " + scores.length + " values");
		}
		z = copyRectangular(z, "z");
		if (z[0].length == 0) {
			throw new IllegalArgumentException("z must have at least one column");
		}
		for (double[] row : z) {
			for (double v : row) {
				if (v < -1 - 1e-9 || v > 1 + 1e-9) {
					throw new IllegalArgumentException("soft prompt coordinate " + v + " is outside [-1, 1]");
				}
			}
		}
		scores = scores.clone();
		for (double s : scores) {
			if (!Double.isFinite(s)) {
				throw new IllegalArgumentException("scores must be finite, got " + s);
			}
		}
		if (scoreVectors == null) {
			if (kernel == KernelChoice.INSTRUCTION_COUPLED) {
				throw new IllegalArgumentException("the instruction-coupled kernel needs per-example score vectors");
			}
			scoreVectors = new double[n][0];
		}
		else {
			if (scoreVectors.length != n) {
				throw new IllegalArgumentException("z has " + n + " rows but scoreVectors has " + scoreVectors.length);
			}
			scoreVectors = copyRectangular(scoreVectors, "scoreVectors");
			if (kernel == KernelChoice.INSTRUCTION_COUPLED && scoreVectors[0].length == 0) {
				throw new IllegalArgumentException("the instruction-coupled kernel needs at least one example score");
			}
		}
		if (extraNoise == null) {
			extraNoise = new double[n];
		}
		else {
			if (extraNoise.length != n) {
				throw new IllegalArgumentException("z has " + n + " rows but extraNoise has " + extraNoise.length);
			}
			extraNoise = extraNoise.clone();
			for (double v : extraNoise) {
				if (!(v >= 0) || !Double.isFinite(v)) {
					throw new IllegalArgumentException("extra noise must be finite and >= 0, got " + v);
				}
			}
		}
	}

	/** Latent-kernel observations without score vectors. */
	@SuppressWarnings("NullAway") // null: no score vectors
	public static Observations latent(double[][] z, double[] scores) {
		return new Observations(z, scores, null, KernelChoice.LATENT);
	}

	/** Number of observations n. */
	public int size() {
		return this.scores.length;
	}

	/** Dimension d of the soft prompts. */
	public int dimension() {
		return this.z[0].length;
	}

	@Override
	public double[][] z() {
		return copy(this.z);
	}

	@Override
	public double[] scores() {
		return this.scores.clone();
	}

	@Override
	public double[][] scoreVectors() {
		return copy(this.scoreVectors);
	}

	@Override
	public double[] extraNoise() {
		return this.extraNoise.clone();
	}

	/** The internal arrays, not to be modified (package use, saves copies). */
	double[][] zView() {
		return this.z;
	}

	double[] scoresView() {
		return this.scores;
	}

	double[][] scoreVectorsView() {
		return this.scoreVectors;
	}

	double[] extraNoiseView() {
		return this.extraNoise;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Observations o && Arrays.deepEquals(this.z, o.z) && Arrays.equals(this.scores, o.scores)
				&& Arrays.deepEquals(this.scoreVectors, o.scoreVectors) && this.kernel == o.kernel
				&& Arrays.equals(this.extraNoise, o.extraNoise);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * Arrays.deepHashCode(this.z) + Arrays.hashCode(this.scores)) + this.kernel.hashCode();
	}

	@Override
	public String toString() {
		return "Observations[n=" + size() + ", d=" + dimension() + ", m=" + this.scoreVectors[0].length + ", kernel="
				+ this.kernel + "]";
	}

	private static double[][] copyRectangular(double[][] rows, String name) {
		double[][] copy = new double[rows.length][];
		int width = -1;
		for (int i = 0; i < rows.length; i++) {
			if (rows[i] == null) {
				throw new IllegalArgumentException(name + " row " + i + " is null");
			}
			if (width >= 0 && rows[i].length != width) {
				throw new IllegalArgumentException(
						name + " is ragged: row " + i + " has " + rows[i].length + " columns, expected " + width);
			}
			width = rows[i].length;
			for (double v : rows[i]) {
				if (!Double.isFinite(v)) {
					throw new IllegalArgumentException(name + " must be finite, got " + v + " in row " + i);
				}
			}
			copy[i] = rows[i].clone();
		}
		return copy;
	}

	private static double[][] copy(double[][] rows) {
		double[][] copy = new double[rows.length][];
		for (int i = 0; i < rows.length; i++) {
			copy[i] = rows[i].clone();
		}
		return copy;
	}

}
