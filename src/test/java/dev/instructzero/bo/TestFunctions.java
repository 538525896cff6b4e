package dev.instructzero.bo;

/**
 * Standard optimisation test functions (minimisation, as in BoTorch's test_functions and
 * the Virtual Library of Simulation Experiments), evaluated on the unit box [-1, 1]^d
 * mapped affinely onto each function's usual domain.
 */
enum TestFunctions {

	BRANIN(2, 0.397887) {
		@Override
		double valueAt(double[] x) {
			double x1 = x[0];
			double x2 = x[1];
			double b = 5.1 / (4 * Math.PI * Math.PI);
			double c = 5 / Math.PI;
			double t = 1 / (8 * Math.PI);
			double a = x2 - b * x1 * x1 + c * x1 - 6;
			return a * a + 10 * (1 - t) * Math.cos(x1) + 10;
		}

		@Override
		double[] lower() {
			return new double[] { -5, 0 };
		}

		@Override
		double[] upper() {
			return new double[] { 10, 15 };
		}
	},

	HARTMANN6(6, -3.32237) {
		private static final double[] ALPHA = { 1.0, 1.2, 3.0, 3.2 };

		private static final double[][] A = { { 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 },
				{ 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 } };

		private static final double[][] P = { { 1312, 1696, 5569, 124, 8283, 5886 },
				{ 2329, 4135, 8307, 3736, 1004, 9991 }, { 2348, 1451, 3522, 2883, 3047, 6650 },
				{ 4047, 8828, 8732, 5743, 1091, 381 } };

		@Override
		double valueAt(double[] x) {
			double f = 0;
			for (int i = 0; i < 4; i++) {
				double s = 0;
				for (int j = 0; j < 6; j++) {
					double diff = x[j] - P[i][j] * 1e-4;
					s += A[i][j] * diff * diff;
				}
				f -= ALPHA[i] * Math.exp(-s);
			}
			return f;
		}

		@Override
		double[] lower() {
			return new double[6];
		}

		@Override
		double[] upper() {
			return filled(6, 1);
		}
	},

	ACKLEY10(10, 0) {
		@Override
		double valueAt(double[] x) {
			double squares = 0;
			double cosines = 0;
			for (double v : x) {
				squares += v * v;
				cosines += Math.cos(2 * Math.PI * v);
			}
			int d = x.length;
			return -20 * Math.exp(-0.2 * Math.sqrt(squares / d)) - Math.exp(cosines / d) + 20 + Math.E;
		}

		@Override
		double[] lower() {
			return filled(10, -32.768);
		}

		@Override
		double[] upper() {
			return filled(10, 32.768);
		}
	},

	LEVY10(10, 0) {
		@Override
		double valueAt(double[] x) {
			int d = x.length;
			double[] w = new double[d];
			for (int i = 0; i < d; i++) {
				w[i] = 1 + (x[i] - 1) / 4;
			}
			double f = Math.pow(Math.sin(Math.PI * w[0]), 2);
			for (int i = 0; i < d - 1; i++) {
				f += (w[i] - 1) * (w[i] - 1) * (1 + 10 * Math.pow(Math.sin(Math.PI * w[i] + 1), 2));
			}
			f += (w[d - 1] - 1) * (w[d - 1] - 1) * (1 + Math.pow(Math.sin(2 * Math.PI * w[d - 1]), 2));
			return f;
		}

		@Override
		double[] lower() {
			return filled(10, -10);
		}

		@Override
		double[] upper() {
			return filled(10, 10);
		}
	},

	ROSENBROCK10(10, 0) {
		@Override
		double valueAt(double[] x) {
			double f = 0;
			for (int i = 0; i < x.length - 1; i++) {
				f += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(x[i] - 1, 2);
			}
			return f;
		}

		@Override
		double[] lower() {
			return filled(10, -5);
		}

		@Override
		double[] upper() {
			return filled(10, 10);
		}
	};

	private final int dimension;

	private final double optimalValue;

	TestFunctions(int dimension, double optimalValue) {
		this.dimension = dimension;
		this.optimalValue = optimalValue;
	}

	int dimension() {
		return this.dimension;
	}

	double optimalValue() {
		return this.optimalValue;
	}

	/** The function on its own domain. */
	abstract double valueAt(double[] x);

	abstract double[] lower();

	abstract double[] upper();

	/** The function at a point u of [-1, 1]^d. */
	double valueAtUnit(double[] u) {
		return valueAt(fromUnit(u));
	}

	double[] fromUnit(double[] u) {
		double[] lo = lower();
		double[] hi = upper();
		double[] x = new double[u.length];
		for (int i = 0; i < u.length; i++) {
			x[i] = lo[i] + (u[i] + 1) / 2 * (hi[i] - lo[i]);
		}
		return x;
	}

	double[] toUnit(double[] x) {
		double[] lo = lower();
		double[] hi = upper();
		double[] u = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			u[i] = 2 * (x[i] - lo[i]) / (hi[i] - lo[i]) - 1;
		}
		return u;
	}

	private static double[] filled(int n, double v) {
		double[] a = new double[n];
		java.util.Arrays.fill(a, v);
		return a;
	}

}
