package dev.instructzero.bo;

import org.jspecify.annotations.Nullable;

/**
 * Dense float64 linear algebra on row-major {@code double[]} matrices: factorisations and
 * triangular work in JVM loops, products from {@link #NATIVE_GEMM_FROM} multiply-adds on
 * OpenBLAS's dgemm called directly ({@link OpenBlas}, which says why the factorisations
 * are not native).
 * <p>
 * Measured (LinearAlgebraCrossoverBenchmark, docs/benchmarks.md): the direct dgemm beats
 * the JVM loop from about 25 x 25 x 25 (5 us against 9 us) and is 13x faster at 500;
 * ND4J's own {@code mmul} and {@code lapack().potrf} cost a millisecond to 20 ms of op
 * dispatch per call at small n, which is why they are not used here.
 */
final class DenseAlgebra {

	/** Products with m*k*n at least this go through OpenBLAS's gemm. */
	static final long NATIVE_GEMM_FROM = 10_000L;

	/**
	 * Jitter added to the diagonal, relative to its mean, on each failed Cholesky
	 * attempt.
	 */
	private static final double[] JITTERS = { 0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-3, 1e-2 };

	/** Set while {@link #jvmOnly} runs its work on this thread. */
	private static final ThreadLocal<Boolean> JVM_ONLY = ThreadLocal.withInitial(() -> false);

	private DenseAlgebra() {
	}

	/**
	 * Runs {@code work} with every kernel in its JVM loop on this thread, whatever the
	 * size: the reference for the equivalence tests and the "before" of the step-time
	 * benchmark.
	 */
	static <T> T jvmOnly(java.util.function.Supplier<T> work) {
		boolean previous = JVM_ONLY.get();
		JVM_ONLY.set(true);
		try {
			return work.get();
		}
		finally {
			JVM_ONLY.set(previous);
		}
	}

	private static boolean nativeProduct(long multiplyAdds) {
		return multiplyAdds >= NATIVE_GEMM_FROM && !JVM_ONLY.get();
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
			double[] jittered = a;
			if (jitter > 0) {
				jittered = a.clone();
				for (int i = 0; i < n; i++) {
					jittered[i * n + i] += jitter;
				}
			}
			double[] l = choleskyFactor(jittered, n);
			if (l != null) {
				return new CholeskyFactor(l, n, jitter);
			}
		}
		throw new IllegalStateException(
				"covariance matrix of size " + n + " is not positive definite even with a diagonal jitter of 1e-2");
	}

	/** Lower Cholesky factor by the JVM loop, a new array; null if not PD. */
	static double @Nullable [] choleskyJvm(double[] a, int n) {
		double[] l = a.clone();
		return choleskyInPlace(l, n) ? l : null;
	}

	/**
	 * Blocked Cholesky from this order on: LinearAlgebraCrossoverBenchmark under load 12
	 * measured 29 ms against 33 ms at n = 500 and a loss at n = 250.
	 */
	static final int BLOCKED_CHOLESKY_FROM = 384;

	/**
	 * Triangular inverse by halves from this order on: measured 0.75 ms against 1.3 ms at
	 * n = 250, 8 ms against 37 ms at n = 500, a tie at n = 150.
	 */
	static final int BLOCKED_INVERSE_FROM = 192;

	static final int CHOLESKY_BLOCK = 64;

	/**
	 * Lower Cholesky factor, right-looking by blocks of {@link #CHOLESKY_BLOCK} columns:
	 * each diagonal block and its panel (L21 = A21 L11^-T) in the JVM, the trailing
	 * update A22 -= L21 L21^T (all but O(n b^2) of the work) as one dgemm; the JVM loop
	 * below {@link #BLOCKED_CHOLESKY_FROM}. A new array, null if not PD.
	 */
	static double @Nullable [] choleskyFactor(double[] a, int n) {
		if (n < BLOCKED_CHOLESKY_FROM || !nativeProduct((long) n * n * n)) {
			return choleskyJvm(a, n);
		}
		double[] l = a.clone();
		for (int k0 = 0; k0 < n; k0 += CHOLESKY_BLOCK) {
			int kb = Math.min(CHOLESKY_BLOCK, n - k0);
			// diagonal block, already updated by the previous blocks
			for (int j = k0; j < k0 + kb; j++) {
				int rowJ = j * n;
				double d = l[rowJ + j];
				for (int p = k0; p < j; p++) {
					d -= l[rowJ + p] * l[rowJ + p];
				}
				if (!(d > 0) || !Double.isFinite(d)) {
					return null;
				}
				d = Math.sqrt(d);
				l[rowJ + j] = d;
				for (int i = j + 1; i < n; i++) {
					int rowI = i * n;
					double s = l[rowI + j];
					for (int p = k0; p < j; p++) {
						s -= l[rowI + p] * l[rowJ + p];
					}
					l[rowI + j] = s / d;
				}
			}
			int rest = n - k0 - kb;
			if (rest == 0) {
				break;
			}
			double[] panel = new double[rest * kb];
			for (int i = 0; i < rest; i++) {
				System.arraycopy(l, (k0 + kb + i) * n + k0, panel, i * kb, kb);
			}
			double[] update = OpenBlas.multiplyTransposed(panel, rest, kb, panel, rest);
			for (int i = 0; i < rest; i++) {
				int row = (k0 + kb + i) * n + k0 + kb;
				for (int j = 0; j <= i; j++) {
					l[row + j] -= update[i * rest + j];
				}
			}
		}
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				l[i * n + j] = 0;
			}
		}
		return l;
	}

	/**
	 * A^-1 from the lower Cholesky factor of A (e.g. C^-1 for the likelihood gradient).
	 */
	static double[] inverseFromCholesky(double[] lower, int n) {
		// C^-1 = L^-T L^-1: the triangular inverse in the JVM, the Gram product (2/3 of
		// the
		// work) on OpenBLAS's gemm from NATIVE_GEMM_FROM
		double[] inverseFactor = lowerInverse(lower, n);
		return nativeProduct((long) n * n * n) ? OpenBlas.gram(inverseFactor, n, n) : lowerGramJvm(inverseFactor, n);
	}

	/**
	 * Inverse of a lower-triangular n x n matrix: from {@link #BLOCKED_INVERSE_FROM} on
	 * by halves, [[L11, 0], [L21, L22]]^-1 = [[X11, 0], [-X22 L21 X11, X22]] with X =
	 * inverse of each diagonal half (recursively) and the two products on dgemm.
	 */
	static double[] lowerInverse(double[] l, int n) {
		if (n < BLOCKED_INVERSE_FROM || !nativeProduct((long) n * n * n)) {
			return lowerInverseJvm(l, n);
		}
		int n1 = n / 2;
		int n2 = n - n1;
		double[] l11 = new double[n1 * n1];
		double[] l21 = new double[n2 * n1];
		double[] l22 = new double[n2 * n2];
		for (int i = 0; i < n1; i++) {
			System.arraycopy(l, i * n, l11, i * n1, n1);
		}
		for (int i = 0; i < n2; i++) {
			System.arraycopy(l, (n1 + i) * n, l21, i * n1, n1);
			System.arraycopy(l, (n1 + i) * n + n1, l22, i * n2, n2);
		}
		double[] x11 = lowerInverse(l11, n1);
		double[] x22 = lowerInverse(l22, n2);
		double[] x21 = multiply(x22, n2, n2, multiply(l21, n2, n1, x11, n1), n1);
		double[] x = new double[n * n];
		for (int i = 0; i < n1; i++) {
			System.arraycopy(x11, i * n1, x, i * n, n1);
		}
		for (int i = 0; i < n2; i++) {
			int row = (n1 + i) * n;
			for (int j = 0; j < n1; j++) {
				x[row + j] = -x21[i * n1 + j];
			}
			System.arraycopy(x22, i * n2, x, row + n1, n2);
		}
		return x;
	}

	/** X = L^-1 B for lower-triangular n x n L and n x columns B. */
	static double[] solveLower(double[] l, int n, double[] b, int columns) {
		return solveLowerJvm(l, n, b, columns);
	}

	/**
	 * L^-1 B by forward substitution, all columns at once (row-major, contiguous axpy).
	 */
	static double[] solveLowerJvm(double[] l, int n, double[] b, int columns) {
		double[] x = b.clone();
		for (int i = 0; i < n; i++) {
			int rowI = i * columns;
			for (int k = 0; k < i; k++) {
				double f = l[i * n + k];
				if (f != 0) {
					int rowK = k * columns;
					for (int j = 0; j < columns; j++) {
						x[rowI + j] -= f * x[rowK + j];
					}
				}
			}
			double d = l[i * n + i];
			for (int j = 0; j < columns; j++) {
				x[rowI + j] /= d;
			}
		}
		return x;
	}

	/** A^T A for a k x n matrix A, n x n symmetric. */
	static double[] gram(double[] a, int k, int n) {
		return nativeProduct((long) k * n * n) ? OpenBlas.gram(a, k, n) : gramJvm(a, k, n);
	}

	static double[] gramJvm(double[] a, int k, int n) {
		double[] g = new double[n * n];
		for (int r = 0; r < k; r++) {
			int row = r * n;
			for (int i = 0; i < n; i++) {
				double v = a[row + i];
				if (v != 0) {
					int rowI = i * n;
					for (int j = 0; j <= i; j++) {
						g[rowI + j] += v * a[row + j];
					}
				}
			}
		}
		symmetrizeFromLower(g, n);
		return g;
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
	static double[] lowerInverseJvm(double[] l, int n) {
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
	static double[] lowerGramJvm(double[] x, int n) {
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

	/**
	 * Row-major product A (m x k) B (k x n); large products go through OpenBLAS's gemm.
	 */
	static double[] multiply(double[] a, int m, int k, double[] b, int n) {
		if (n > 1 && nativeProduct((long) m * k * n)) {
			return OpenBlas.multiply(a, m, k, b, n);
		}
		return multiplyJvm(a, m, k, b, n);
	}

	static double[] multiplyJvm(double[] a, int m, int k, double[] b, int n) {
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

}
