package dev.instructzero.bo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * Several (mu/mu_w, lambda) CMA-ES runs (Hansen, "The CMA Evolution Strategy: A
 * Tutorial", 2016, default parameters) in lock step, maximising an objective on [-1,
 * 1]^d. Each generation of every run is evaluated in one batch, so the Gaussian process
 * builds one cross-kernel matrix for all candidates. Infeasible samples are repaired by
 * clipping to the box, and the repaired point is used in the update.
 */
final class CmaEs {

	/** Values of the objective (to maximise) at each row of {@code points}. */
	interface BatchObjective {

		double[] evaluate(double[][] points);

	}

	/** One evaluated point. */
	record Evaluated(double[] point, double value) {
	}

	/**
	 * @param best the best point of each run @param all every point evaluated, any order
	 */
	record Outcome(List<Evaluated> best, List<Evaluated> all) {
	}

	private CmaEs() {
	}

	static Outcome maximize(BatchObjective objective, double[][] starts, int population, int generations,
			double initialStepSize, SplittableRandom random) {
		int runs = starts.length;
		int d = starts[0].length;
		int mu = population / 2;
		double[] weights = new double[mu];
		double sum = 0;
		for (int i = 0; i < mu; i++) {
			weights[i] = Math.log((population + 1) / 2.0) - Math.log(i + 1);
			sum += weights[i];
		}
		double squares = 0;
		for (int i = 0; i < mu; i++) {
			weights[i] /= sum;
			squares += weights[i] * weights[i];
		}
		double muEff = 1 / squares;
		double cSigma = (muEff + 2) / (d + muEff + 5);
		double dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (d + 1)) - 1) + cSigma;
		double cc = (4 + muEff / d) / (d + 4 + 2 * muEff / d);
		double c1 = 2 / ((d + 1.3) * (d + 1.3) + muEff);
		double cMu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((d + 2) * (d + 2) + muEff));
		double expectedNorm = Math.sqrt(d) * (1 - 1.0 / (4 * d) + 1.0 / (21.0 * d * d));

		List<Evaluated> all = new ArrayList<>();
		double[] startValues = objective.evaluate(starts);
		Run[] state = new Run[runs];
		for (int r = 0; r < runs; r++) {
			state[r] = new Run(clip(starts[r]), initialStepSize, d);
			state[r].best = new Evaluated(state[r].mean.clone(), startValues[r]);
			all.add(state[r].best);
		}
		double[][] batch = new double[runs * population][];
		for (int generation = 0; generation < generations; generation++) {
			for (int r = 0; r < runs; r++) {
				Run run = state[r];
				run.decompose();
				for (int k = 0; k < population; k++) {
					double[] x = new double[d];
					double[] scaled = new double[d];
					for (int i = 0; i < d; i++) {
						scaled[i] = run.axisLengths[i] * random.nextGaussian();
					}
					for (int i = 0; i < d; i++) {
						double step = 0;
						for (int j = 0; j < d; j++) {
							step += run.axes[i][j] * scaled[j];
						}
						x[i] = Math.max(-1, Math.min(1, run.mean[i] + run.sigma * step));
					}
					batch[r * population + k] = x;
				}
			}
			double[] values = objective.evaluate(batch);
			for (int r = 0; r < runs; r++) {
				Run run = state[r];
				Integer[] order = new Integer[population];
				for (int k = 0; k < population; k++) {
					order[k] = r * population + k;
					all.add(new Evaluated(batch[r * population + k], values[r * population + k]));
				}
				// NaN sorts last: a failed evaluation never becomes a parent
				Arrays.sort(order, (a, b) -> Double.compare(orderKey(values[b]), orderKey(values[a])));
				if (values[order[0]] > run.best.value()) {
					run.best = new Evaluated(batch[order[0]].clone(), values[order[0]]);
				}
				double[][] steps = new double[mu][d];
				double[] meanStep = new double[d];
				for (int i = 0; i < mu; i++) {
					double[] x = batch[order[i]];
					for (int j = 0; j < d; j++) {
						steps[i][j] = (x[j] - run.mean[j]) / run.sigma;
						meanStep[j] += weights[i] * steps[i][j];
					}
				}
				for (int j = 0; j < d; j++) {
					run.mean[j] = Math.max(-1, Math.min(1, run.mean[j] + run.sigma * meanStep[j]));
				}
				double[] whitened = run.inverseSquareRoot(meanStep);
				double psNorm = 0;
				for (int j = 0; j < d; j++) {
					run.pathSigma[j] = (1 - cSigma) * run.pathSigma[j]
							+ Math.sqrt(cSigma * (2 - cSigma) * muEff) * whitened[j];
					psNorm += run.pathSigma[j] * run.pathSigma[j];
				}
				psNorm = Math.sqrt(psNorm);
				double correction = Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * (generation + 1)));
				boolean hSigma = psNorm / correction < (1.4 + 2.0 / (d + 1)) * expectedNorm;
				for (int j = 0; j < d; j++) {
					run.pathC[j] = (1 - cc) * run.pathC[j]
							+ (hSigma ? Math.sqrt(cc * (2 - cc) * muEff) * meanStep[j] : 0);
				}
				double keep = 1 - c1 - cMu + (hSigma ? 0 : c1 * cc * (2 - cc));
				for (int a = 0; a < d; a++) {
					for (int b = 0; b <= a; b++) {
						double rankMu = 0;
						for (int i = 0; i < mu; i++) {
							rankMu += weights[i] * steps[i][a] * steps[i][b];
						}
						double v = keep * run.covariance[a][b] + c1 * run.pathC[a] * run.pathC[b] + cMu * rankMu;
						run.covariance[a][b] = v;
						run.covariance[b][a] = v;
					}
				}
				run.sigma *= Math.exp((cSigma / dSigma) * (psNorm / expectedNorm - 1));
				run.sigma = Math.min(run.sigma, 4);
			}
		}
		List<Evaluated> best = new ArrayList<>();
		for (Run run : state) {
			best.add(run.best);
		}
		return new Outcome(best, all);
	}

	private static double orderKey(double v) {
		return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
	}

	private static double[] clip(double[] x) {
		double[] c = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			c[i] = Math.max(-1, Math.min(1, x[i]));
		}
		return c;
	}

	/** Mutable state of one run. */
	private static final class Run {

		final double[] mean;

		double sigma;

		final double[][] covariance;

		final double[] pathSigma;

		final double[] pathC;

		@SuppressWarnings("NullAway.Init") // by decompose(), which the constructor calls
		double[][] axes;

		@SuppressWarnings("NullAway.Init")
		double[] axisLengths;

		@SuppressWarnings("NullAway.Init") // by maximize, right after construction
		Evaluated best;

		Run(double[] mean, double sigma, int d) {
			this.mean = mean;
			this.sigma = sigma;
			this.covariance = new double[d][d];
			for (int i = 0; i < d; i++) {
				this.covariance[i][i] = 1;
			}
			this.pathSigma = new double[d];
			this.pathC = new double[d];
		}

		void decompose() {
			int d = this.mean.length;
			RealMatrix c = MatrixUtils.createRealMatrix(this.covariance);
			EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(c);
			double[] values = eigen.getEigenvalues();
			this.axes = eigen.getV().getData();
			this.axisLengths = new double[d];
			for (int i = 0; i < d; i++) {
				this.axisLengths[i] = Math.sqrt(Math.max(values[i], 1e-20));
			}
		}

		/** C^-1/2 v = B D^-1 B^T v. */
		double[] inverseSquareRoot(double[] v) {
			int d = v.length;
			double[] projected = new double[d];
			for (int j = 0; j < d; j++) {
				double s = 0;
				for (int i = 0; i < d; i++) {
					s += this.axes[i][j] * v[i];
				}
				projected[j] = s / this.axisLengths[j];
			}
			double[] r = new double[d];
			for (int i = 0; i < d; i++) {
				double s = 0;
				for (int j = 0; j < d; j++) {
					s += this.axes[i][j] * projected[j];
				}
				r[i] = s;
			}
			return r;
		}

	}

}
