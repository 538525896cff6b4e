package dev.instructzero.bo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

/**
 * Sequential greedy batch selection with the Kriging believer (Ginsbourger, Le Riche and
 * Carraro 2010, "Kriging is well-suited to parallelize optimization", section 4.1): the
 * first point maximises log EI of the fitted process; each chosen point x_c is then added
 * as a fantasy observation whose value is the posterior mean mu(x_c), and the next point
 * maximises log EI of the process conditioned on all fantasies so far.
 * <p>
 * A fantasy at the posterior mean leaves the mean unchanged everywhere and shrinks the
 * variance to sigma^2(x | C) = sigma^2(x) - Sigma(x, C) (Sigma(C, C) + noise I)^-1
 * Sigma(C, x), with Sigma the posterior covariance of the fitted process (standardised);
 * the incumbent becomes max(best observed, mu(C)). Near a chosen point the variance falls
 * to about the noise level, so log EI there drops and the next CMA-ES search finds
 * another peak instead of climbing the same one. The hyper-parameters are not refitted.
 * <p>
 * Each pick runs CMA-ES from the best observed points, the best optima of the previous
 * pick's other runs (still good, now conditioned) and fresh Sobol points. Not
 * thread-safe: one instance per proposal step.
 */
final class KrigingBeliever {

	/** CMA-ES starts at the best observed soft prompts for every pick after the first. */
	static final int STARTS_FROM_OBSERVED = 3;

	/** Starts at the previous pick's other run optima. */
	static final int STARTS_CARRIED = 3;

	/** Starts at fresh scrambled-Sobol points (different for every pick). */
	static final int STARTS_RANDOM = 2;

	/**
	 * CMA-ES population of the picks after the first (at most the settings' population):
	 * q searches of the full size would cost q times the reference's acquisition search.
	 */
	static final int LATER_POPULATION = 20;

	/**
	 * log-EI penalty at an observed or chosen point, falling linearly to 0 at the
	 * exclusion radius: far more than log EI varies over the box, so CMA-ES leaves the
	 * neighbourhood wherever it starts.
	 */
	static final double EXCLUSION_PENALTY = 1e3;

	private final GaussianProcess process;

	private final List<double[]> chosen = new ArrayList<>();

	private double incumbent;

	private double[][] chosenPoints = new double[0][];

	private @Nullable CholeskyFactor chosenCovariance;

	private final double[][] observed;

	private final double exclusion;

	private final @Nullable DuplicateChance duplicates;

	/**
	 * @param observed the observed soft prompts
	 * @param exclusion the distance the search keeps from them and from chosen points
	 * (penalised in the CMA-ES objective, required of a choice as long as one can be
	 * found)
	 */
	KrigingBeliever(GaussianProcess process, double[][] observed, double exclusion) {
		this(process, observed, exclusion, null);
	}

	/**
	 * @param duplicates the chance of repeating a known instruction, added to log EI as
	 * log P(new); null for none
	 */
	KrigingBeliever(GaussianProcess process, double[][] observed, double exclusion,
			@Nullable DuplicateChance duplicates) {
		this.process = process;
		this.duplicates = duplicates;
		this.incumbent = process.bestStandardizedScore();
		this.observed = observed;
		this.exclusion = exclusion;
	}

	/**
	 * The q points, in choice order, each with its log EI conditioned on the points
	 * chosen before it.
	 * @throws IllegalStateException if no point at least minDistance from every observed
	 * and chosen point can be found
	 */
	static List<CmaEs.Evaluated> select(GaussianProcess process, Observations observations, int q, long seed,
			OptimizerSettings settings) {
		return select(process, observations, new double[0][], q, seed, settings);
	}

	/**
	 * As {@link #select(GaussianProcess, Observations, int, long, OptimizerSettings)},
	 * after conditioning on a fantasy at each of the {@code pending} points (points under
	 * evaluation, chosen earlier): the q new points keep the exclusion distance from them
	 * and their log EI is conditioned on them. The pending points are not part of the
	 * result.
	 */
	static List<CmaEs.Evaluated> select(GaussianProcess process, Observations observations, double[][] pending, int q,
			long seed, OptimizerSettings settings) {
		double[][] observed = observations.zView();
		double exclusion = settings.equivalenceExclusion()
				? Math.max(settings.minDistance(), EquivalenceRadius.of(observations)) : settings.minDistance();
		KrigingBeliever belief = new KrigingBeliever(process, observed, exclusion,
				settings.equivalenceExclusion() ? DuplicateChance.of(observations) : null);
		for (double[] point : pending) {
			belief.condition(point);
		}
		int d = observations.dimension();
		double[][] ranked = byScore(observations);
		SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
		Comparator<CmaEs.Evaluated> byValue = Comparator.comparingDouble((CmaEs.Evaluated e) -> e.value()).reversed();
		List<CmaEs.Evaluated> result = new ArrayList<>();
		List<double[]> carried = new ArrayList<>();
		for (int pick = 0; pick < q; pick++) {
			// the first pick searches as widely as the reference's batch (q starts at the
			// best points); later ones are local refinements plus fresh exploration
			int fromObserved = Math.min(ranked.length,
					(pick == 0) ? Math.max(q, STARTS_FROM_OBSERVED) : STARTS_FROM_OBSERVED);
			List<double[]> starts = new ArrayList<>(Arrays.asList(ranked).subList(0, fromObserved));
			starts.addAll(carried);
			starts.addAll(Arrays.asList(SobolDesign.points(STARTS_RANDOM, d, seed + 7919L * (pick + 1))));
			CmaEs.Outcome outcome = CmaEs.maximize(belief::penalisedLogExpectedImprovement,
					starts.toArray(new double[0][]),
					(pick == 0) ? settings.cmaPopulation() : Math.min(settings.cmaPopulation(), LATER_POPULATION),
					settings.cmaGenerations(), settings.cmaInitialStepSize(), random);
			List<CmaEs.Evaluated> optima = outcome.best().stream().sorted(byValue).toList();
			CmaEs.Evaluated choice = firstEligible(optima, observed, belief.chosen, exclusion);
			if (choice == null) {
				choice = firstEligible(outcome.all().stream().sorted(byValue).toList(), observed, belief.chosen,
						exclusion);
			}
			for (int attempt = 0; choice == null && attempt < 8; attempt++) {
				double[][] fill = SobolDesign.points(64 << attempt, d, seed + 1 + attempt + 31L * pick);
				double[] values = belief.penalisedLogExpectedImprovement(fill);
				List<CmaEs.Evaluated> extra = new ArrayList<>();
				for (int i = 0; i < fill.length; i++) {
					extra.add(new CmaEs.Evaluated(fill[i], values[i]));
				}
				extra.sort(byValue);
				// the exclusion halves with each attempt (a crowded box has no point that
				// far from everything) but never below minDistance
				double radius = Math.max(settings.minDistance(), exclusion / (1 << attempt));
				choice = firstEligible(extra, observed, belief.chosen, radius);
			}
			if (choice == null) {
				throw new IllegalStateException("could not find " + q + " points at least " + settings.minDistance()
						+ " apart in [-1, 1]^" + d + "; lower minDistance");
			}
			result.add(choice);
			belief.condition(choice.point());
			carried = new ArrayList<>();
			for (CmaEs.Evaluated optimum : optima) {
				if (carried.size() < STARTS_CARRIED && optimum != choice
						&& BayesianOptimizer.distance(optimum.point(), choice.point()) > settings.minDistance()) {
					carried.add(optimum.point());
				}
			}
		}
		return result;
	}

	/**
	 * log EI at each row of x under the process conditioned on the fantasies so far.
	 */
	double[] logExpectedImprovement(double[][] x) {
		GaussianProcess.Posterior posterior = this.process.predict(x);
		return LogExpectedImprovement.of(posterior.mean(), conditionedVariance(x, posterior.variance()),
				this.incumbent);
	}

	/**
	 * log EI minus a penalty growing linearly to {@link #EXCLUSION_PENALTY} towards the
	 * observed and chosen points closer than the exclusion radius, so CMA-ES climbs out
	 * of the neighbourhoods of known instructions.
	 */
	double[] penalisedLogExpectedImprovement(double[][] x) {
		double[] values = logExpectedImprovement(x);
		if (this.duplicates != null) {
			for (int i = 0; i < x.length; i++) {
				values[i] += this.duplicates.logChanceNew(x[i], this.chosenPoints);
			}
		}
		if (this.exclusion <= 0) {
			return values;
		}
		for (int i = 0; i < x.length; i++) {
			double nearest = Math.min(nearestDistance(x[i], this.observed), nearestDistance(x[i], this.chosenPoints));
			if (nearest < this.exclusion) {
				values[i] -= EXCLUSION_PENALTY * (1 - nearest / this.exclusion);
			}
		}
		return values;
	}

	private static double nearestDistance(double[] point, double[][] others) {
		double nearest = Double.POSITIVE_INFINITY;
		for (double[] other : others) {
			nearest = Math.min(nearest, BayesianOptimizer.distance(point, other));
		}
		return nearest;
	}

	/** sigma^2(x | C) for each row of x, given sigma^2(x). */
	double[] conditionedVariance(double[][] x, double[] variance) {
		int k = this.chosenPoints.length;
		if (k == 0) {
			return variance;
		}
		double[] covariance = this.process.posteriorCovariance(x, this.chosenPoints);
		double[] conditioned = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			double[] row = Arrays.copyOfRange(covariance, i * k, (i + 1) * k);
			// factored whenever a point is chosen (k > 0 here)
			double[] weights = Objects.requireNonNull(this.chosenCovariance).solve(row);
			double explained = 0;
			for (int j = 0; j < k; j++) {
				explained += row[j] * weights[j];
			}
			// the same floor as the process's own variance
			conditioned[i] = Math.max(variance[i] - explained, 1e-12);
		}
		return conditioned;
	}

	/**
	 * Adds a fantasy observation at {@code point} with value mu(point) and noise as
	 * fitted.
	 */
	void condition(double[] point) {
		this.chosen.add(point.clone());
		this.incumbent = Math.max(this.incumbent, this.process.predict(new double[][] { point }).mean()[0]);
		this.chosenPoints = this.chosen.toArray(new double[0][]);
		int k = this.chosenPoints.length;
		double[] covariance = this.process.posteriorCovariance(this.chosenPoints, this.chosenPoints);
		double noise = this.process.noiseVariance();
		for (int i = 0; i < k; i++) {
			covariance[i * k + i] += noise;
		}
		this.chosenCovariance = DenseAlgebra.cholesky(covariance, k);
	}

	private static CmaEs.@Nullable Evaluated firstEligible(List<CmaEs.Evaluated> ranked, double[][] observed,
			List<double[]> chosen, double minDistance) {
		for (CmaEs.Evaluated candidate : ranked) {
			if (!Double.isFinite(candidate.value())) {
				continue;
			}
			if (farFromAll(candidate.point(), observed, minDistance)
					&& farFromAll(candidate.point(), chosen.toArray(new double[0][]), minDistance)) {
				return candidate;
			}
		}
		return null;
	}

	private static boolean farFromAll(double[] point, double[][] others, double min) {
		for (double[] other : others) {
			if (BayesianOptimizer.distance(point, other) < min) {
				return false;
			}
		}
		return true;
	}

	/** Observed soft prompts, best score first. */
	private static double[][] byScore(Observations observations) {
		double[][] z = observations.zView();
		double[] scores = observations.scoresView();
		Integer[] order = new Integer[z.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
		double[][] sorted = new double[z.length][];
		for (int i = 0; i < z.length; i++) {
			sorted[i] = z[order[i]];
		}
		return sorted;
	}

}
