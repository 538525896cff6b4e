package dev.instructzero.bo;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense float64 linear algebra on row-major {@code double[]} matrices, split between the
 * JVM and ND4J by measured cost.
 * <p>
 * Measured on the 2-core build machine (ND4J 1.0.0-M2.1, OpenBLAS):
 * {@code lapack().potrf} costs about 20 ms per call even at n = 150 (0.3 ms in the loop
 * below) and is only 2x slower than this loop at n = 500; Level-3 {@code trsm} leaves B
 * unchanged; ND4J's gemm reaches about 10 GFlop/s at 500 x 500 x 1250 while a JVM loop
 * reaches 1-2. Hence: Cholesky and triangular work in the JVM, large products through
 * ND4J's gemm.
 */
final class DenseAlgebra {

	/**
	 * Products with m*k*n above this go through ND4J's gemm (JNI and copies cost ~1 ms).
	 */
	static final long ND4J_GEMM_THRESHOLD = 20_000_000L;

	/**
	 * Jitter added to the diagonal, relative to its mean, on each failed Cholesky
	 * attempt.
	 */
	private static final double[] JITTERS = { 0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-3, 1e-2 };

	private DenseAlgebra() {
	}

	/**
	 * Lower Cholesky factor of a symmetric matrix, escalating a diagonal jitter (relative
	 * to the mean diagonal) until the factorisation succeeds.
	 * @throws IllegalStateException if even the largest jitter (1e-2) does not help
	 */
	static CholeskyFactor cholesky(double[] a, int n) {
		double meanDiagonal = 0;
		for (int i = 0; i < n; i++) {
			meanDiagonal += a[i * n + i];
		}
		meanDiagonal = Math.max(meanDiagonal / Math.max(n, 1), Double.MIN_NORMAL);
		for (double relativeJitter : JITTERS) {
			double jitter = relativeJitter * meanDiagonal;
			double[] l = a.clone();
			for (int i = 0; i < n; i++) {
				l[i * n + i] += jitter;
			}
			if (choleskyInPlace(l, n)) {
				return new CholeskyFactor(l, n, jitter);
			}
		}
		throw new IllegalStateException(
				"covariance matrix of size " + n + " is not positive definite even with a diagonal jitter of 1e-2");
	}

	/**
	 * Overwrites the lower triangle of {@code a} with L (upper set to 0); false if not
	 * PD.
	 */
	static boolean choleskyInPlace(double[] a, int n) {
		for (int j = 0; j < n; j++) {
			int rowJ = j * n;
			double d = a[rowJ + j];
			for (int k = 0; k < j; k++) {
				d -= a[rowJ + k] * a[rowJ + k];
			}
			if (!(d > 0) || !Double.isFinite(d)) {
				return false;
			}
			d = Math.sqrt(d);
			a[rowJ + j] = d;
			for (int i = j + 1; i < n; i++) {
				int rowI = i * n;
				double s = a[rowI + j];
				for (int k = 0; k < j; k++) {
					s -= a[rowI + k] * a[rowJ + k];
				}
				a[rowI + j] = s / d;
			}
		}
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				a[i * n + j] = 0;
			}
		}
		return true;
	}

	/** Solves L x = b in place (forward substitution). */
	static void solveLower(double[] l, int n, double[] b) {
		for (int i = 0; i < n; i++) {
			int row = i * n;
			double s = b[i];
			for (int k = 0; k < i; k++) {
				s -= l[row + k] * b[k];
			}
			b[i] = s / l[row + i];
		}
	}

	/** Solves L^T x = b in place (backward substitution with the lower factor). */
	static void solveLowerTransposed(double[] l, int n, double[] b) {
		for (int i = n - 1; i >= 0; i--) {
			double s = b[i] / l[i * n + i];
			b[i] = s;
			for (int k = 0; k < i; k++) {
				b[k] -= l[i * n + k] * s;
			}
		}
	}

	/**
	 * Inverse of a lower-triangular factor by forward substitution against the identity,
	 * row by row so the inner loop is a contiguous axpy. Used once per fit to turn the
	 * per-candidate triangular solves into one batched gemm.
	 */
	static double[] lowerInverse(double[] l, int n) {
		double[] x = new double[n * n];
		for (int i = 0; i < n; i++) {
			int rowI = i * n;
			for (int k = 0; k < i; k++) {
				double f = l[rowI + k];
				if (f != 0) {
					int rowK = k * n;
					for (int j = 0; j <= k; j++) {
						x[rowI + j] -= f * x[rowK + j];
					}
				}
			}
			double d = l[rowI + i];
			for (int j = 0; j < i; j++) {
				x[rowI + j] /= d;
			}
			x[rowI + i] = 1 / d;
		}
		return x;
	}

	/** X^T X for a lower-triangular n x n matrix X (e.g. C^-1 = (L^-1)^T L^-1). */
	static double[] lowerGram(double[] x, int n) {
		double[] g = new double[n * n];
		for (int k = 0; k < n; k++) {
			int rowK = k * n;
			for (int i = 0; i <= k; i++) {
				double v = x[rowK + i];
				if (v != 0) {
					int rowI = i * n;
					for (int j = 0; j <= i; j++) {
						g[rowI + j] += v * x[rowK + j];
					}
				}
			}
		}
		symmetrizeFromLower(g, n);
		return g;
	}

	static void symmetrizeFromLower(double[] g, int n) {
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < i; j++) {
				g[j * n + i] = g[i * n + j];
			}
		}
	}

	/** Row-major product A (m x k) B (k x n); large products go through ND4J's gemm. */
	static double[] multiply(double[] a, int m, int k, double[] b, int n) {
		if ((long) m * k * n >= ND4J_GEMM_THRESHOLD) {
			return toRowMajor(matrix(a, m, k).mmul(matrix(b, k, n)));
		}
		double[] c = new double[m * n];
		for (int i = 0; i < m; i++) {
			int rowA = i * k;
			int rowC = i * n;
			for (int p = 0; p < k; p++) {
				double v = a[rowA + p];
				if (v != 0) {
					int rowB = p * n;
					for (int j = 0; j < n; j++) {
						c[rowC + j] += v * b[rowB + j];
					}
				}
			}
		}
		return c;
	}

	/**
	 * B^T A B for symmetric n x n A and B (B symmetric too, as Phi in the coupled
	 * kernel).
	 */
	static double[] sandwichSymmetric(double[] b, double[] a, int n) {
		double[] r = multiply(b, n, n, multiply(a, n, n, b, n), n);
		// round-off breaks the exact symmetry; the Cholesky reads only the lower triangle
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < i; j++) {
				double v = 0.5 * (r[i * n + j] + r[j * n + i]);
				r[i * n + j] = v;
				r[j * n + i] = v;
			}
		}
		return r;
	}

	/** A float64 ND4J matrix (row-major, c order) over a copy of {@code data}. */
	static INDArray matrix(double[] data, int rows, int columns) {
		if (data.length != rows * columns) {
			throw new IllegalArgumentException("data has " + data.length + " values, not " + rows + " x " + columns);
		}
		return Nd4j.create(data, new long[] { rows, columns }, DataType.DOUBLE);
	}

	/** Row-major copy of an ND4J array's values. */
	static double[] toRowMajor(INDArray array) {
		INDArray c = (array.ordering() == 'c' && !array.isView()) ? array : array.dup('c');
		double[] values = c.data().asDouble();
		if (values.length != c.length()) {
			values = java.util.Arrays.copyOf(values, (int) c.length());
		}
		return values;
	}

}
