package dev.instructzero.bo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

/**
 * One step of InstructZero's Bayesian optimisation: fits a Gaussian process to the
 * observations (constant mean, standardised scores, Matérn-5/2 ARD latent or
 * instruction-coupled kernel with an outputscale, Gaussian noise; MAP hyper-parameters)
 * and proposes the next q soft prompts by maximising log Expected Improvement over the
 * best observed score with CMA-ES. By default the batch is chosen greedily with the
 * Kriging believer ({@link BatchSelection#KRIGING_BELIEVER}, see
 * {@link KrigingBeliever}), so its points spread over several peaks;
 * {@link BatchSelection#INDEPENDENT} is the reference's batch of q CMA-ES runs started
 * from the q best observed soft prompts.
 * <p>
 * The result holds exactly q points in [-1, 1]^d, pairwise at least
 * {@link OptimizerSettings#minDistance()} apart and at least that far from every observed
 * point, ordered by decreasing log EI (for the Kriging believer: log EI conditioned on
 * the points chosen before). If the CMA-ES optima are too few after that deduplication,
 * the best other candidates CMA-ES evaluated fill the batch, then Sobol points.
 * Deterministic for a given seed. Thread-safe: instances hold only settings.
 */
public final class BayesianOptimizer {

	private final OptimizerSettings settings;

	private final double couplingTolerance;

	/** An optimiser with {@link OptimizerSettings#defaults()}. */
	public BayesianOptimizer() {
		this(OptimizerSettings.defaults());
	}

	/**
	 * @throws IllegalArgumentException if settings is null
	 */
	public BayesianOptimizer(OptimizerSettings settings) {
		this(settings, GaussianProcess.EXACT_COUPLING_TOLERANCE);
	}

	/**
	 * With another tolerance for skipping the exact coupled stage (negative: always run
	 * it, the behaviour before the skip existed), for the before/after benchmark.
	 */
	BayesianOptimizer(OptimizerSettings settings, double couplingTolerance) {
		if (settings == null) {
			throw new IllegalArgumentException("settings must not be null");
		}
		this.settings = settings;
		this.couplingTolerance = couplingTolerance;
	}

	/**
	 * Proposes the next batch.
	 * @param observations what has been evaluated so far (n >= 1)
	 * @param q batch size, 1 to 10000
	 * @param seed seeds every random choice (fit restarts, CMA-ES, fill-in points)
	 * @return q candidates, ordered by decreasing log EI
	 * @throws IllegalArgumentException if observations is null or q is out of range
	 * @throws IllegalStateException if no hyper-parameters give a positive-definite
	 * covariance
	 */
	public Proposal propose(Observations observations, int q, long seed) {
		return propose(observations, q, seed, null);
	}

	/**
	 * As {@link #propose(Observations, int, long)}, with {@code warmStart} (typically the
	 * previous step's {@link Proposal#hyperparameters()}) as the single start of each
	 * L-BFGS stage, run for at most 10 iterations instead of the random restarts and
	 * {@link OptimizerSettings#fitMaxIterations()}: this shortens the fit, most of a
	 * step's time at large n (see docs/benchmarks.md). The reference refits from scratch;
	 * pass {@code null} for that.
	 * @throws IllegalArgumentException as above, or if warmStart's kernel or number of
	 * lengthscales does not match the observations
	 */
	public Proposal propose(Observations observations, int q, long seed, @Nullable FittedHyperparameters warmStart) {
		return propose(observations, new double[0][], q, seed, warmStart);
	}

	/**
	 * Proposes the next q points while the soft prompts {@code pending} are still being
	 * evaluated (asynchronous Bayesian optimisation). The process is fitted on the
	 * observations only; each pending point then enters as a Kriging-believer fantasy (an
	 * observation whose value is the posterior mean there, see {@link KrigingBeliever}),
	 * before any of the q points is chosen. So a pending point is never proposed again:
	 * the new points keep the exclusion distance from it as from an observed one, and the
	 * acquisition no longer expects the improvement that its evaluation will bring. With
	 * no pending points this is
	 * {@link #propose(Observations, int, long, FittedHyperparameters)}.
	 * {@link Proposal#pending()} gives the believed values. With
	 * {@link BatchSelection#INDEPENDENT} pending points are only kept at a distance.
	 * @param pending soft prompts under evaluation, each of the observations' dimension
	 * (may be empty, not null)
	 * @throws IllegalArgumentException as above, or if pending is null or a pending
	 * point's dimension differs from the observations'
	 */
	public Proposal propose(Observations observations, double[][] pending, int q, long seed,
			@Nullable FittedHyperparameters warmStart) {
		if (observations == null) {
			throw new IllegalArgumentException("observations must not be null");
		}
		if (pending == null) {
			throw new IllegalArgumentException("pending must not be null");
		}
		if (q < 1 || q > 10_000) {
			throw new IllegalArgumentException("q must be in [1, 10000], got " + q);
		}
		for (double[] point : pending) {
			if (point == null || point.length != observations.dimension()) {
				throw new IllegalArgumentException(
						"every pending point must have " + observations.dimension() + " coordinates");
			}
		}
		GaussianProcess process = GaussianProcess.fit(observations, this.settings.fitRestarts(),
				this.settings.fitMaxIterations(), seed, warmStart, this.settings.lengthscalePrior(),
				this.couplingTolerance);
		List<CmaEs.Evaluated> chosen = (this.settings.batchSelection() == BatchSelection.KRIGING_BELIEVER)
				? KrigingBeliever.select(process, observations, pending, q, seed, this.settings)
				: independent(process, observations, pending, q, seed);
		// the greedy values are conditional log EIs, nearly decreasing already; sorted
		// for the contract
		Comparator<CmaEs.Evaluated> byValue = Comparator.comparingDouble((CmaEs.Evaluated e) -> e.value()).reversed();
		chosen = new ArrayList<>(chosen);
		chosen.sort(byValue);
		double[][] points = new double[q][];
		for (int i = 0; i < q; i++) {
			points[i] = chosen.get(i).point();
		}
		GaussianProcess.Posterior posterior = process.predict(points);
		List<Candidate> candidates = new ArrayList<>();
		for (int i = 0; i < q; i++) {
			candidates.add(new Candidate(points[i], chosen.get(i).value(),
					process.scoreMean() + process.scoreScale() * posterior.mean()[i],
					process.scoreScale() * Math.sqrt(posterior.variance()[i])));
		}
		List<Proposal.Fantasy> fantasies = new ArrayList<>();
		if (pending.length > 0) {
			// the believer's value: the posterior mean given the observations alone
			GaussianProcess.Posterior believed = process.predict(pending);
			for (int i = 0; i < pending.length; i++) {
				fantasies.add(new Proposal.Fantasy(pending[i],
						process.scoreMean() + process.scoreScale() * believed.mean()[i]));
			}
		}
		return new Proposal(candidates, process.hyperparameters(), fantasies);
	}

	/**
	 * The reference's batch: the optima of q CMA-ES runs from the q best observed points,
	 * deduplicated and filled up.
	 */
	private List<CmaEs.Evaluated> independent(GaussianProcess process, Observations observations, double[][] pending,
			int q, long seed) {
		double best = process.bestStandardizedScore();
		CmaEs.BatchObjective acquisition = (points) -> {
			GaussianProcess.Posterior posterior = process.predict(points);
			return LogExpectedImprovement.of(posterior.mean(), posterior.variance(), best);
		};
		double[][] observed = concat(observations.zView(), pending);
		int d = observations.dimension();
		double[][] starts = starts(observations, q, seed);
		SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
		CmaEs.Outcome outcome = CmaEs.maximize(acquisition, starts, this.settings.cmaPopulation(),
				this.settings.cmaGenerations(), this.settings.cmaInitialStepSize(), random);

		Comparator<CmaEs.Evaluated> byValue = Comparator.comparingDouble((CmaEs.Evaluated e) -> e.value()).reversed();
		List<CmaEs.Evaluated> chosen = new ArrayList<>();
		choose(outcome.best().stream().sorted(byValue).toList(), chosen, observed, q);
		if (chosen.size() < q) {
			choose(outcome.all().stream().sorted(byValue).toList(), chosen, observed, q);
		}
		for (int attempt = 0; chosen.size() < q && attempt < 8; attempt++) {
			double[][] fill = SobolDesign.points((q - chosen.size()) * (4 << attempt), d, seed + 1 + attempt);
			double[] values = acquisition.evaluate(fill);
			List<CmaEs.Evaluated> extra = new ArrayList<>();
			for (int i = 0; i < fill.length; i++) {
				extra.add(new CmaEs.Evaluated(fill[i], values[i]));
			}
			extra.sort(byValue);
			choose(extra, chosen, observed, q);
		}
		if (chosen.size() < q) {
			throw new IllegalStateException("could not find " + q + " points at least " + this.settings.minDistance()
					+ " apart in [-1, 1]^" + d + "; lower minDistance");
		}
		return chosen;
	}

	/**
	 * The q best observed soft prompts (reference), padded with Sobol points when n < q.
	 */
	private static double[][] starts(Observations observations, int q, long seed) {
		double[][] z = observations.zView();
		double[] scores = observations.scoresView();
		Integer[] order = new Integer[z.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
		double[][] starts = new double[q][];
		int fromObserved = Math.min(q, z.length);
		for (int i = 0; i < fromObserved; i++) {
			starts[i] = z[order[i]];
		}
		if (fromObserved < q) {
			double[][] fill = SobolDesign.points(q - fromObserved, observations.dimension(), seed);
			System.arraycopy(fill, 0, starts, fromObserved, q - fromObserved);
		}
		return starts;
	}

	private void choose(List<CmaEs.Evaluated> ranked, List<CmaEs.Evaluated> chosen, double[][] observed, int q) {
		double min = this.settings.minDistance();
		for (CmaEs.Evaluated candidate : ranked) {
			if (chosen.size() >= q) {
				return;
			}
			if (!Double.isFinite(candidate.value())) {
				continue;
			}
			if (farFromAll(candidate.point(), observed, min)
					&& chosen.stream().allMatch((c) -> distance(c.point(), candidate.point()) >= min)) {
				chosen.add(candidate);
			}
		}
	}

	private static boolean farFromAll(double[] point, double[][] others, double min) {
		for (double[] other : others) {
			if (distance(point, other) < min) {
				return false;
			}
		}
		return true;
	}

	static double[][] concat(double[][] a, double[][] b) {
		double[][] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	static double distance(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			s += (a[i] - b[i]) * (a[i] - b[i]);
		}
		return Math.sqrt(s);
	}

}
