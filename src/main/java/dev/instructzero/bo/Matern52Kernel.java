package dev.instructzero.bo;

/**
 * Matérn-5/2 kernel with one lengthscale per input dimension (ARD) and unit scale: k(x,
 * x') = (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r), r^2 = sum_k ((x_k - x'_k) / l_k)^2.
 * Matrices are row-major {@code double[]}; inputs are {@code double[rows][dimension]}.
 */
final class Matern52Kernel {

	private static final double SQRT5 = Math.sqrt(5);

	private Matern52Kernel() {
	}

	static double value(double r) {
		double s = SQRT5 * r;
		return (1 + s + s * s / 3) * Math.exp(-s);
	}

	/** n x n kernel matrix of the rows of x, exactly symmetric with unit diagonal. */
	static double[] matrix(double[][] x, double[] lengthscales) {
		double[][] scaled = scale(x, lengthscales);
		int n = x.length;
		double[] k = new double[n * n];
		for (int i = 0; i < n; i++) {
			k[i * n + i] = 1;
			for (int j = 0; j < i; j++) {
				double v = value(Math.sqrt(squaredDistance(scaled[i], scaled[j])));
				k[i * n + j] = v;
				k[j * n + i] = v;
			}
		}
		return k;
	}

	/** a.length x b.length cross-kernel matrix k(a_i, b_j). */
	static double[] cross(double[][] a, double[][] b, double[] lengthscales) {
		double[][] sa = scale(a, lengthscales);
		double[][] sb = scale(b, lengthscales);
		int nb = b.length;
		double[] k = new double[a.length * nb];
		for (int i = 0; i < a.length; i++) {
			for (int j = 0; j < nb; j++) {
				k[i * nb + j] = value(Math.sqrt(squaredDistance(sa[i], sb[j])));
			}
		}
		return k;
	}

	/**
	 * out_k = sum_ij weights_ij dK_ij / d log(l_k) for the n x n matrix of x. With k(r)
	 * as above, dk/d log l_k = (5/3)(1 + sqrt5 r) exp(-sqrt5 r) (dx_k / l_k)^2, which has
	 * no 1/r singularity at r = 0.
	 */
	static double[] logLengthscaleGradient(double[][] x, double[] lengthscales, double[] weights) {
		double[][] scaled = scale(x, lengthscales);
		int n = x.length;
		int d = lengthscales.length;
		double[] out = new double[d];
		for (int i = 0; i < n; i++) {
			double[] xi = scaled[i];
			for (int j = 0; j < i; j++) {
				double w = weights[i * n + j] + weights[j * n + i];
				if (w == 0) {
					continue;
				}
				double[] xj = scaled[j];
				double r = Math.sqrt(squaredDistance(xi, xj));
				double common = w * (5.0 / 3.0) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
				for (int k = 0; k < d; k++) {
					double diff = xi[k] - xj[k];
					out[k] += common * diff * diff;
				}
			}
		}
		return out;
	}

	private static double[][] scale(double[][] x, double[] lengthscales) {
		double[][] s = new double[x.length][];
		for (int i = 0; i < x.length; i++) {
			if (x[i].length != lengthscales.length) {
				throw new IllegalArgumentException(
						"point has dimension " + x[i].length + " but the kernel has " + lengthscales.length);
			}
			s[i] = new double[lengthscales.length];
			for (int k = 0; k < lengthscales.length; k++) {
				s[i][k] = x[i][k] / lengthscales[k];
			}
		}
		return s;
	}

	private static double squaredDistance(double[] a, double[] b) {
		double s = 0;
		for (int k = 0; k < a.length; k++) {
			double diff = a[k] - b[k];
			s += diff * diff;
		}
		return s;
	}

}
