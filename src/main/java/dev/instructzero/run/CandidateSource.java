package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.List;

import dev.instructzero.generator.GeneratedInstruction;
import dev.instructzero.trial.TrialOrigin;

/**
 * Where a run's candidates come from, one implementation per strategy: the points of a
 * batch given the trials so far, and the instruction of each candidate. Implementations
 * are deterministic in the job's seed and the trials before the batch, so a resumed run
 * proposes what the first one did.
 */
public interface CandidateSource {

	/** The strategy's wire name, for the meters. */
	String strategy();

	/** Whether an iteration replaces proposals whose instruction was already scored. */
	default boolean replacesDuplicates() {
		return false;
	}

	/** The job's phase while {@code batch} runs; a baseline's by default. */
	default Phase phase(Batch batch) {
		return Phase.BASELINE;
	}

	/** What the trials of {@code batch} are; baseline trials by default. */
	default TrialOrigin origin(Batch batch) {
		return TrialOrigin.BASELINE;
	}

	/**
	 * The points of {@code batch}, indexed from its start.
	 * @param history the trials persisted so far
	 */
	Proposal propose(Batch batch, RunHistory history);

	/**
	 * For the {@code async} schedule: the points of {@code batch} given every trial
	 * persisted so far and the soft prompts of the candidates still running
	 * ({@code pending}), which must not be proposed again. By default
	 * {@link #propose(Batch, RunHistory)}: a source whose points do not depend on the
	 * trials.
	 */
	default Proposal proposeAsync(Batch batch, RunHistory history, List<double[]> pending) {
		return propose(batch, history);
	}

	/** The instruction of candidate {@code ordinal} at point {@code z} (null for APE). */
	GeneratedInstruction instruction(int ordinal, double @Nullable [] z);

	/** Bytes of one generation request's payload ({@code prompt_embeds}); 0 if small. */
	default long payloadBytes() {
		return 0;
	}

	/** The configured generator that writes the instructions; null for APE. */
	default @Nullable String generatorModel() {
		return null;
	}

	/**
	 * The points of a batch (null when the source has none: APE), and whether the search
	 * has converged, which stops a budget-driven run before the batch.
	 */
	record Proposal(@Nullable List<double[]> points, boolean converged) {

		static final Proposal NONE = new Proposal(null, false);

		double @Nullable [] point(int index) {
			return (this.points != null) ? this.points.get(index) : null;
		}

	}

}
