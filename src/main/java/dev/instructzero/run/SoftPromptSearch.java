package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.List;

import dev.instructzero.bo.FittedHyperparameters;
import dev.instructzero.bo.KernelChoice;

/**
 * Where soft prompts come from: the initial space-filling design and the
 * Bayesian-optimisation proposals. Implementations are deterministic: the same arguments
 * give the same points, which is what lets a resumed job continue exactly where it
 * stopped.
 */
public interface SoftPromptSearch {

	/** {@code count} points of a scrambled Sobol design in [-1, 1]^dimension. */
	List<double[]> initialDesign(int count, int dimension, long seed);

	/**
	 * The next {@code q} distinct points, best acquisition value first.
	 * @param observed every scored trial so far (soft prompt, dev score, per-example
	 * scores)
	 */
	List<double[]> propose(List<Observation> observed, KernelChoice kernel, int q, long seed);

	/**
	 * As {@link #propose}, with the best log expected improvement among the points (NaN
	 * when the search does not know it: such a search never counts as converged).
	 */
	default Proposed proposeScored(List<Observation> observed, KernelChoice kernel, int q, long seed) {
		return new Proposed(propose(observed, kernel, q, seed), Double.NaN);
	}

	/**
	 * Replacements for an iteration's duplicates: as {@link #propose}, where the first
	 * {@code firstRound} observations and {@code firstRoundSeed} are what the iteration's
	 * first round was proposed from, so an implementation may start from that round's
	 * model instead of building one from scratch (the result must still depend only on
	 * the arguments). By default the same as {@link #propose}.
	 */
	default List<double[]> proposeReplacements(List<Observation> observed, int firstRound, long firstRoundSeed,
			KernelChoice kernel, int q, long seed) {
		return propose(observed, kernel, q, seed);
	}

	/**
	 * The next {@code q} points while the soft prompts {@code pending} are still being
	 * evaluated (the {@code async} schedule): each pending point counts as observed at
	 * the value the model believes for it, so none is proposed again. {@code warmStart}
	 * (hyper-parameters of an earlier step, or null for a fit from scratch) shortens the
	 * fit. By default pending points are ignored: {@link #proposeScored}.
	 */
	default PendingProposed proposePending(List<Observation> observed, List<double[]> pending, KernelChoice kernel,
			int q, long seed, @Nullable FittedHyperparameters warmStart) {
		Proposed proposed = proposeScored(observed, kernel, q, seed);
		return new PendingProposed(proposed.points(), proposed.bestLogExpectedImprovement(), null);
	}

	/**
	 * A scored soft prompt. {@code exampleScores} may be shorter than the dev subset: an
	 * instruction that racing stopped early was scored on the subset's first
	 * {@code exampleScores.length} examples, and {@code score} is their mean.
	 */
	record Observation(double[] z, double score, double[] exampleScores) {
	}

	/** Proposed points, best first, and the best log EI (standardised scores). */
	record Proposed(List<double[]> points, double bestLogExpectedImprovement) {
	}

	/**
	 * Points proposed while others were pending, the best log EI among them, and the
	 * fitted hyper-parameters (null when the search has none), for the next step's warm
	 * start.
	 */
	record PendingProposed(List<double[]> points, double bestLogExpectedImprovement,
			@Nullable FittedHyperparameters fit) {
	}

}
