package dev.instructzero.bo;

/**
 * Lower Cholesky factor L (row-major n x n, upper triangle zero) of A + jitter I.
 *
 * @param lower the factor
 * @param n its order
 * @param jitter the diagonal jitter that was needed (0 if none)
 */
record CholeskyFactor(double[] lower, int n, double jitter) {

	/** Solves (A + jitter I) x = b, returning a new vector. */
	double[] solve(double[] b) {
		double[] x = b.clone();
		DenseAlgebra.solveLower(this.lower, this.n, x);
		DenseAlgebra.solveLowerTransposed(this.lower, this.n, x);
		return x;
	}

	/** log det(A + jitter I) = 2 sum log L_ii. */
	double logDeterminant() {
		double s = 0;
		for (int i = 0; i < this.n; i++) {
			s += Math.log(this.lower[i * this.n + i]);
		}
		return 2 * s;
	}

}
