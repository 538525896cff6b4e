package dev.instructzero.run;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.instructzero.task.ScoreInterval;
import dev.instructzero.trial.TrialOrigin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule of the final choice among candidates scored on the same wider examples. */
class FinalSelectionTest {

	static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	static TrialResult trial(int ordinal, String instruction, double devScore) {
		return new TrialResult(ordinal, 0, TrialOrigin.INITIAL, null, instruction, instruction, false, devScore,
				new double[] { devScore }, false, false, 0, 0, null, null, NOW, null, null);
	}

	static FinalScore scored(TrialResult trial, int devRank, double widerScore) {
		return new FinalScore(trial.ordinal(), devRank, new double[] { widerScore }, widerScore, 60,
				ScoreInterval.wilson(Math.round(widerScore * 60), 60), 0, 0, NOW, false);
	}

	@Test
	void choosesTheHigherWiderScoreOverTheHigherDevScore() {
		TrialResult leader = trial(3, "Give the antonym.", 1.0);
		TrialResult runnerUp = trial(7, "Write the opposite of the word.", 0.95);
		List<TrialResult> candidates = List.of(leader, runnerUp);
		assertThat(FinalSelection.choose(List.of(scored(leader, 1, 0.80), scored(runnerUp, 2, 0.90)), candidates))
			.contains(7);
	}

	@Test
	void breaksATieInWiderScoreByTheShorterInstructionThenByDevRank() {
		TrialResult longer = trial(0, "Write the antonym of the given input word.", 1.0);
		TrialResult shorter = trial(5, "Write its antonym.", 0.95);
		TrialResult sameLength = trial(9, "Give its antonym.", 0.9);
		TrialResult sameLengthLater = trial(2, "Name its antonym.", 0.85);
		List<TrialResult> candidates = List.of(longer, shorter, sameLength, sameLengthLater);
		assertThat(FinalSelection.choose(List.of(scored(longer, 1, 0.9), scored(shorter, 2, 0.9)), candidates))
			.as("equal wider scores: the shorter instruction, though its dev score is lower")
			.contains(5);
		assertThat(FinalSelection.choose(List.of(scored(longer, 1, 0.9), scored(shorter, 2, 0.9),
				scored(sameLength, 3, 0.9), scored(sameLengthLater, 4, 0.9)), candidates))
			.as("equal wider scores, the two shortest of equal length (17 characters): the better dev rank")
			.contains(9);
		assertThat(FinalSelection.choose(List.of(scored(longer, 1, 0.92), scored(shorter, 2, 0.9)), candidates))
			.as("the wider score comes before the length")
			.contains(0);
	}

	@Test
	void choosesNothingWhenNoCandidateWasScored() {
		assertThat(FinalSelection.choose(List.of(), List.of(trial(0, "Give the antonym.", 1.0)))).isEmpty();
	}

}
