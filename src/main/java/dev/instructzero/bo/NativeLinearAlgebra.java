package dev.instructzero.bo;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Startup self-check of ND4J's native backend: loads it, runs LAPACK's potrf on a 3 x 3
 * matrix with a known Cholesky factor and a BLAS gemm with a known product, and compares
 * the results. Meant for a health or startup check of the packaged service, where
 * nested-jar class loading can break the extraction of the native libraries.
 */
public final class NativeLinearAlgebra {

	private NativeLinearAlgebra() {
	}

	/**
	 * Runs the check.
	 * @return a one-line description of the backend that passed
	 * @throws IllegalStateException if the natives fail to load or compute wrong numbers;
	 * the cause carries the original error (e.g. {@link UnsatisfiedLinkError})
	 */
	public static String selfCheck() {
		try {
			// A = L L^T with L = [[2,0,0],[1,3,0],[-1,2,4]]
			INDArray a = Nd4j.createFromArray(new double[][] { { 4, 2, -2 }, { 2, 10, 5 }, { -2, 5, 21 } });
			Nd4j.getBlasWrapper().lapack().potrf(a, true);
			double[][] expected = { { 2, 0, 0 }, { 1, 3, 0 }, { -1, 2, 4 } };
			for (int i = 0; i < 3; i++) {
				for (int j = 0; j <= i; j++) {
					if (Math.abs(a.getDouble(i, j) - expected[i][j]) > 1e-12) {
						throw new IllegalStateException("ND4J potrf returned a wrong Cholesky factor: " + a);
					}
				}
			}
			INDArray left = Nd4j.createFromArray(new double[][] { { 1, 2 }, { 3, 4 } });
			INDArray product = left.mmul(left);
			if (product.getDouble(0, 0) != 7 || product.getDouble(1, 1) != 22 || product.getDouble(0, 1) != 10) {
				throw new IllegalStateException("ND4J gemm returned a wrong product: " + product);
			}
			checkLargerFactorisation();
			if (a.dataType() != DataType.DOUBLE) {
				throw new IllegalStateException("ND4J did not keep float64: " + a.dataType());
			}
			return "ND4J " + Nd4j.getBackend().getClass().getSimpleName() + ": potrf and gemm correct in float64";
		}
		catch (IllegalStateException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("ND4J native linear algebra is unavailable: " + ex, ex);
		}
	}

	/**
	 * A 3 x 3 factor does not reach the blocked kernels: OpenBLAS 0.3.19 (the one ND4J
	 * M2.1 ships) picks wrong kernels on some newer Xeons and returns a factor that is
	 * off by about 1e-2 at n = 40, unless {@code OPENBLAS_CORETYPE} (e.g.
	 * {@code Haswell}) pins the kernels. Compare a 48 x 48 factor with the JVM's.
	 */
	private static void checkLargerFactorisation() {
		int n = 48;
		double[] spd = new double[n * n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				// a Kac-Murdock-Szego matrix plus n on the diagonal: well conditioned,
				// dense
				spd[i * n + j] = Math.pow(0.7, Math.abs(i - j)) + ((i == j) ? n : 0);
			}
		}
		double[] jvm = DenseAlgebra.cholesky(spd, n).lower();
		INDArray lapack = Nd4j.create(spd, new long[] { n, n }, DataType.DOUBLE);
		Nd4j.getBlasWrapper().lapack().potrf(lapack, true);
		for (int i = 0; i < n; i++) {
			for (int j = 0; j <= i; j++) {
				if (Math.abs(lapack.getDouble(i, j) - jvm[i * n + j]) > 1e-9) {
					throw new IllegalStateException("native potrf disagrees with the JVM Cholesky at (" + i + ", " + j
							+ "): this processor needs OPENBLAS_CORETYPE (e.g. Haswell) set in the environment");
				}
			}
		}
	}

}
