package dev.instructzero.bo;

import org.jspecify.annotations.Nullable;

/**
 * Limited-memory BFGS minimiser (Nocedal and Wright, Algorithm 7.4, two-loop recursion)
 * with an Armijo backtracking line search. Non-finite objective values count as "too far"
 * and shorten the step, so a failed Cholesky inside the objective is tolerated.
 */
final class Lbfgs {

	/** Objective: returns f(x) and writes the gradient into {@code gradient}. */
	interface Objective {

		double valueAndGradient(double[] x, double[] gradient);

	}

	/**
	 * @param x the minimiser found @param value f(x) @param evaluations objective calls
	 */
	record Result(double[] x, double value, int evaluations) {
	}

	private static final int MEMORY = 10;

	private Lbfgs() {
	}

	static Result minimize(Objective objective, double[] start, int maxIterations, double gradientTolerance) {
		int n = start.length;
		double[] x = start.clone();
		double[] g = new double[n];
		double f = objective.valueAndGradient(x, g);
		int evaluations = 1;
		if (!Double.isFinite(f)) {
			return new Result(x, f, evaluations);
		}
		double[][] s = new double[MEMORY][];
		double[][] y = new double[MEMORY][];
		double[] rho = new double[MEMORY];
		int stored = 0;
		int newest = -1;
		for (int iteration = 0; iteration < maxIterations; iteration++) {
			if (maxAbs(g) < gradientTolerance) {
				break;
			}
			double[] direction = direction(g, s, y, rho, stored, newest);
			double slope = dot(direction, g);
			if (!(slope < 0)) {
				// memory produced an ascent direction (round-off): restart from steepest
				// descent
				stored = 0;
				direction = negate(g);
				slope = dot(direction, g);
			}
			double step = (stored == 0) ? Math.min(1, 1 / Math.max(maxAbs(g), 1e-12)) : 1;
			double[] xNew = new double[n];
			double[] gNew = new double[n];
			double fNew = Double.NaN;
			boolean accepted = false;
			for (int backtrack = 0; backtrack < 40; backtrack++) {
				for (int i = 0; i < n; i++) {
					xNew[i] = x[i] + step * direction[i];
				}
				fNew = objective.valueAndGradient(xNew, gNew);
				evaluations++;
				if (Double.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
					accepted = true;
					break;
				}
				step *= 0.5;
			}
			if (!accepted) {
				break;
			}
			double[] sk = new double[n];
			double[] yk = new double[n];
			for (int i = 0; i < n; i++) {
				sk[i] = xNew[i] - x[i];
				yk[i] = gNew[i] - g[i];
			}
			double sy = dot(sk, yk);
			if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
				newest = (newest + 1) % MEMORY;
				s[newest] = sk;
				y[newest] = yk;
				rho[newest] = 1 / sy;
				stored = Math.min(stored + 1, MEMORY);
			}
			double previous = f;
			x = xNew;
			g = gNew;
			f = fNew;
			if (Math.abs(previous - f) <= 1e-10 * (1 + Math.abs(f))) {
				break;
			}
		}
		return new Result(x, f, evaluations);
	}

	private static double[] direction(double[] g, double[][] s, double[][] y, double[] rho, int stored, int newest) {
		double[] q = g.clone();
		double[] alpha = new double[MEMORY];
		for (int j = 0; j < stored; j++) {
			int k = Math.floorMod(newest - j, MEMORY);
			alpha[k] = rho[k] * dot(s[k], q);
			axpy(-alpha[k], y[k], q);
		}
		if (stored > 0) {
			double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
			for (int i = 0; i < q.length; i++) {
				q[i] *= gamma;
			}
		}
		for (int j = stored - 1; j >= 0; j--) {
			int k = Math.floorMod(newest - j, MEMORY);
			double beta = rho[k] * dot(y[k], q);
			axpy(alpha[k] - beta, s[k], q);
		}
		return negate(q);
	}

	private static double[] negate(double[] v) {
		double[] r = new double[v.length];
		for (int i = 0; i < v.length; i++) {
			r[i] = -v[i];
		}
		return r;
	}

	private static void axpy(double a, double[] x, double[] y) {
		for (int i = 0; i < x.length; i++) {
			y[i] += a * x[i];
		}
	}

	static double dot(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			s += a[i] * b[i];
		}
		return s;
	}

	static double maxAbs(double[] v) {
		double m = 0;
		for (double x : v) {
			m = Math.max(m, Math.abs(x));
		}
		return m;
	}

}
