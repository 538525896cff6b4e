package dev.instructzero.bo;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Matrix products on the BLAS-only OpenBLAS library that ND4J itself loads (through
 * JavaCPP's {@code openblas_nolapack}; loading the LAPACK one next to it changes the
 * results of ND4J's own {@code potrf}), called directly on off-heap copies of row-major
 * {@code double[]} matrices: no INDArray and no ND4J op dispatch, so a call costs the
 * copies (O(n^2)) plus BLAS's own work.
 * <p>
 * Only gemm is used; {@link DenseAlgebra} builds its blocked Cholesky on it. LAPACK's own
 * factorisations are not used: with the two threads OpenBLAS starts on this machine, the
 * OpenBLAS 0.3.19 build of ND4J M2.1 returns wrong results for {@code dpotrf} (info 44 to
 * 73 on well-conditioned kernel matrices from n = 60), {@code dtrtri} and {@code dsyrk},
 * while being right with one thread (OMP_NUM_THREADS=1); its thread count cannot be set
 * from Java here (JavaCPP's {@code blas_set_num_threads} finds no symbol with ND4J on the
 * class path, and the FFM API is a preview in Java 21). See docs/benchmarks.md.
 */
final class OpenBlas {

	private OpenBlas() {
	}

	/** The row-major product A (m x k) B (k x n) (BLAS dgemm). */
	static double[] multiply(double[] a, int m, int k, double[] b, int n) {
		try (DoublePointer left = new DoublePointer(a);
				DoublePointer right = new DoublePointer(b);
				DoublePointer out = new DoublePointer((long) m * n)) {
			openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
					openblas_nolapack.CblasNoTrans, m, n, k, 1.0, left, k, right, n, 0.0, out, n);
			double[] c = new double[m * n];
			out.get(c);
			return c;
		}
	}

	/** The row-major product A B^T of A (m x k) and B (n x k) (BLAS dgemm). */
	static double[] multiplyTransposed(double[] a, int m, int k, double[] b, int n) {
		try (DoublePointer left = new DoublePointer(a);
				DoublePointer right = new DoublePointer(b);
				DoublePointer out = new DoublePointer((long) m * n)) {
			openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
					openblas_nolapack.CblasTrans, m, n, k, 1.0, left, k, right, k, 0.0, out, n);
			double[] c = new double[m * n];
			out.get(c);
			return c;
		}
	}

	/**
	 * A^T A for a k x n matrix A (BLAS dgemm with A transposed), n x n, exactly
	 * symmetric.
	 */
	static double[] gram(double[] a, int k, int n) {
		try (DoublePointer in = new DoublePointer(a); DoublePointer out = new DoublePointer((long) n * n)) {
			openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans,
					openblas_nolapack.CblasNoTrans, n, n, k, 1.0, in, n, in, n, 0.0, out, n);
			double[] g = new double[n * n];
			out.get(g);
			// the two triangles come from different summation orders
			DenseAlgebra.symmetrizeFromLower(g, n);
			return g;
		}
	}

}
