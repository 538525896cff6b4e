package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.OptionalInt;

/**
 * The rounds a run walks, one {@link Batch} after the other. Iteration 0 (the initial
 * design) is one round of {@code initialTrials}; every later iteration starts with a
 * round of {@code batchSize} proposals. When the candidate source replaces duplicates, a
 * proposal whose instruction the job had already scored (a generation, no black-box call)
 * is followed by further rounds of replacements until the iteration has {@code batchSize}
 * new instructions or has generated {@code generationCap}. Ordinals are contiguous, so an
 * iteration's length depends on the data; a resumed run rebuilds the same rounds from the
 * persisted trials. A budget-driven plan ({@code untilBudget}) has no last iteration: its
 * budget, its {@code trialLimit} or convergence ends it.
 *
 * @param iterations Bayesian-optimisation iterations after the initial design (ignored
 * when {@code untilBudget})
 * @param generationCap generations an iteration may spend on reaching {@code batchSize}
 * new instructions
 * @param replacesDuplicates whether duplicates of an iteration are replaced
 * @param trialLimit no trial at or beyond this ordinal
 */
public record Plan(int initialTrials, int batchSize, int iterations, boolean untilBudget, int generationCap,
		boolean replacesDuplicates, int trialLimit) {

	/** The initial design. */
	public Batch first() {
		return new Batch(0, 0, 0, quota(0), 0, 0);
	}

	/**
	 * The round after {@code done}, or null when the plan is complete.
	 * @param freshInDone instructions new to the job among {@code done}'s trials
	 */
	public @Nullable Batch next(Batch done, int freshInDone) {
		int iteration = done.iteration();
		int quota = quota(iteration);
		int fresh = done.freshBefore() + freshInDone;
		int generated = done.end() - done.iterationStart();
		int cap = replaces(iteration) ? Math.max(quota, this.generationCap) : quota;
		if (replaces(iteration) && fresh < quota && generated < cap) {
			int size = Math.min(quota - fresh, cap - generated);
			return new Batch(iteration, done.round() + 1, done.end(), size, done.iterationStart(), fresh);
		}
		if (!this.untilBudget && iteration + 1 > this.iterations) {
			return null;
		}
		return new Batch(iteration + 1, 0, done.end(), quota(iteration + 1), done.end(), 0);
	}

	/**
	 * The plan's length once {@code batch} runs, if that changes it: a budget-driven plan
	 * reaches as far as the round being run; replacements lengthen a fixed plan to this
	 * round's end plus the remaining iterations' nominal batches.
	 */
	public OptionalInt trialsPlanned(Batch batch) {
		if (this.untilBudget) {
			return OptionalInt.of(Math.min(batch.end(), this.trialLimit));
		}
		if (batch.round() > 0) {
			long planned = batch.end() + (long) (this.iterations - batch.iteration()) * this.batchSize;
			return OptionalInt.of((int) Math.min(planned, this.trialLimit));
		}
		return OptionalInt.empty();
	}

	private int quota(int iteration) {
		return (iteration == 0) ? this.initialTrials : this.batchSize;
	}

	private boolean replaces(int iteration) {
		return iteration > 0 && this.replacesDuplicates;
	}

}
