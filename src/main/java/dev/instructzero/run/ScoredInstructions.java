package dev.instructzero.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Normalised instruction → its dev scores: a job never pays twice for the same
 * instruction. The first candidate with an instruction scores it; a later one (also one
 * running at the same time) is a duplicate and waits for those scores.
 */
final class ScoredInstructions {

	private final Map<String, CompletableFuture<DevScorer.Scored>> scores = new ConcurrentHashMap<>();

	/** Knows the instructions of the trials persisted before the run. */
	ScoredInstructions(List<TrialResult> existing) {
		for (TrialResult trial : existing) {
			if (!trial.duplicate()) {
				// a stopped-early instruction keeps its partial scores: never scored
				// again
				this.scores.putIfAbsent(trial.instruction(), CompletableFuture.completedFuture(
						new DevScorer.Scored(trial.devScore(), trial.exampleScores(), trial.stoppedEarly())));
			}
		}
	}

	/**
	 * The scores of {@code instruction}: by {@code scorer} if it is new to the job, else
	 * the first candidate's ({@code duplicate}, no tokens, no answers). Empty when the
	 * first candidate's scoring failed (that candidate reports why); a failure of
	 * {@code scorer} propagates and lets a later candidate score the instruction.
	 */
	Optional<Outcome> scoreOnce(String instruction, Supplier<DevScorer.Raced> scorer) {
		CompletableFuture<DevScorer.Scored> mine = new CompletableFuture<>();
		CompletableFuture<DevScorer.Scored> earlier = this.scores.putIfAbsent(instruction, mine);
		if (earlier != null) {
			try {
				return Optional.of(new Outcome(new DevScorer.Raced(earlier.join(), List.of(), 0, 0), true));
			}
			catch (CompletionException | CancellationException ex) {
				return Optional.empty();
			}
		}
		try {
			DevScorer.Raced raced = scorer.get();
			mine.complete(raced.scored());
			return Optional.of(new Outcome(raced, false));
		}
		catch (RuntimeException ex) {
			this.scores.remove(instruction, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
	}

	/** Scores and whether they were another candidate's. */
	record Outcome(DevScorer.Raced raced, boolean duplicate) {
	}

}
