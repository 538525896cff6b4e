package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.instructzero.bo.BayesianOptimizer;
import dev.instructzero.bo.Candidate;
import dev.instructzero.bo.FittedHyperparameters;
import dev.instructzero.bo.KernelChoice;
import dev.instructzero.bo.Observations;
import dev.instructzero.bo.Proposal;
import dev.instructzero.bo.SobolDesign;

import org.springframework.stereotype.Component;

/**
 * {@link SoftPromptSearch} by the {@code bo} engine: scrambled Sobol, then GP + LogEI +
 * CMA-ES with Kriging-believer batches. Replacement rounds start the Gaussian process's
 * fit from the hyper-parameters of the iteration's first round (a short warm-started
 * refinement instead of a fit from scratch per round); those hyper-parameters are kept in
 * a small cache keyed by that round's data and seed, and recomputed from them when the
 * cache has lost them (a resumed job), so the proposals do not depend on the cache.
 */
@Component
public class BayesianSoftPromptSearch implements SoftPromptSearch {

	/** First-round fits kept (a few per running job is enough). */
	static final int CACHED_FITS = 64;

	private final BayesianOptimizer optimizer;

	private final Map<String, FittedHyperparameters> fits = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, FittedHyperparameters> eldest) {
			return size() > CACHED_FITS;
		}

	};

	public BayesianSoftPromptSearch() {
		this(new BayesianOptimizer());
	}

	/** With another optimiser (benchmarks compare batch selections). */
	public BayesianSoftPromptSearch(BayesianOptimizer optimizer) {
		this.optimizer = optimizer;
	}

	@Override
	public List<double[]> initialDesign(int count, int dimension, long seed) {
		return Arrays.asList(SobolDesign.points(count, dimension, seed));
	}

	@Override
	public List<double[]> propose(List<Observation> observed, KernelChoice kernel, int q, long seed) {
		return proposeScored(observed, kernel, q, seed).points();
	}

	@Override
	public Proposed proposeScored(List<Observation> observed, KernelChoice kernel, int q, long seed) {
		Proposal proposal = this.optimizer.propose(observations(observed, kernel), q, seed);
		remember(key(observed, kernel, seed), proposal.hyperparameters());
		double best = proposal.candidates()
			.stream()
			.mapToDouble(Candidate::logExpectedImprovement)
			.max()
			.orElse(Double.NaN);
		return new Proposed(Arrays.asList(proposal.points()), best);
	}

	@Override
	public PendingProposed proposePending(List<Observation> observed, List<double[]> pending, KernelChoice kernel,
			int q, long seed, @Nullable FittedHyperparameters warmStart) {
		Proposal proposal = this.optimizer.propose(observations(observed, kernel), pending.toArray(new double[0][]), q,
				seed, warmStart);
		double best = proposal.candidates()
			.stream()
			.mapToDouble(Candidate::logExpectedImprovement)
			.max()
			.orElse(Double.NaN);
		return new PendingProposed(Arrays.asList(proposal.points()), best, proposal.hyperparameters());
	}

	@Override
	public List<double[]> proposeReplacements(List<Observation> observed, int firstRound, long firstRoundSeed,
			KernelChoice kernel, int q, long seed) {
		List<Observation> first = observed.subList(0, firstRound);
		String key = key(first, kernel, firstRoundSeed);
		FittedHyperparameters warmStart = cached(key);
		if (warmStart == null) {
			// the fit does not depend on q: one point is the cheapest way to redo it
			warmStart = this.optimizer.propose(observations(first, kernel), 1, firstRoundSeed).hyperparameters();
			remember(key, warmStart);
		}
		return Arrays.asList(this.optimizer.propose(observations(observed, kernel), q, seed, warmStart).points());
	}

	/**
	 * The optimiser's view of the trials. An instruction scored on the first k of m dev
	 * examples (stopped early by racing) enters with its partial mean p as score, which
	 * is an unbiased estimate of its full dev score (the subset's order is a random
	 * shuffle), with the sampling variance of that estimate as extra noise, p~ (1 - p~) /
	 * k * (m - k) / (m - 1) (the mean of k of m draws without replacement; p~ = (s + 1) /
	 * (k + 2) keeps it positive at p = 0 or 1), and its score vector's m - k missing
	 * coordinates imputed with p, so the instruction-coupled kernel compares it as an
	 * instruction of that accuracy. Missing examples are never counted as failures.
	 */
	public static Observations observations(List<Observation> observed, KernelChoice kernel) {
		int m = observed.stream().mapToInt((o) -> o.exampleScores().length).max().orElse(0);
		double[][] z = observed.stream().map(Observation::z).toArray(double[][]::new);
		double[] scores = new double[observed.size()];
		double[][] vectors = new double[observed.size()][];
		double[] extraNoise = new double[observed.size()];
		for (int i = 0; i < scores.length; i++) {
			Observation o = observed.get(i);
			double[] partial = o.exampleScores();
			int k = partial.length;
			scores[i] = o.score();
			if (k == m || k == 0) {
				vectors[i] = partial;
				continue;
			}
			double successes = 0;
			for (double v : partial) {
				successes += v;
			}
			double mean = successes / k;
			scores[i] = mean;
			vectors[i] = Arrays.copyOf(partial, m);
			Arrays.fill(vectors[i], k, m, mean);
			double smoothed = (successes + 1) / (k + 2);
			extraNoise[i] = smoothed * (1 - smoothed) / k * (m - k) / (m - 1);
		}
		return new Observations(z, scores, vectors, kernel, extraNoise);
	}

	private @Nullable FittedHyperparameters cached(String key) {
		synchronized (this.fits) {
			return this.fits.get(key);
		}
	}

	private void remember(String key, FittedHyperparameters fit) {
		synchronized (this.fits) {
			this.fits.put(key, fit);
		}
	}

	/** SHA-256 of the kernel, the seed and every observation's numbers. */
	private static String key(List<Observation> observed, KernelChoice kernel, long seed) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(kernel.name().getBytes(StandardCharsets.UTF_8));
			update(digest, seed);
			for (Observation observation : observed) {
				update(digest, observation.z());
				update(digest, Double.doubleToLongBits(observation.score()));
				update(digest, (observation.exampleScores() != null) ? observation.exampleScores() : new double[0]);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private static void update(MessageDigest digest, double[] values) {
		update(digest, values.length);
		for (double v : values) {
			update(digest, Double.doubleToLongBits(v));
		}
	}

	private static void update(MessageDigest digest, long value) {
		for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE) {
			digest.update((byte) (value >>> shift));
		}
	}

}
