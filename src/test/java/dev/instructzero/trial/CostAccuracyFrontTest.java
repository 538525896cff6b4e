package dev.instructzero.trial;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

class CostAccuracyFrontTest {

	private static final UUID JOB = UUID.randomUUID();

	/**
	 * Seeded random sets with many ties in length and score, against pairwise dominance.
	 */
	@TestFactory
	Stream<DynamicTest> frontIsExactlyTheUndominatedFirstOfEachEqualPoint() {
		return IntStream.range(0, 50).mapToObj((seed) -> DynamicTest.dynamicTest("seed " + seed, () -> {
			Random random = new Random(seed);
			List<Trial> trials = new ArrayList<>();
			int n = 1 + random.nextInt(30);
			for (int i = 0; i < n; i++) {
				// 1..8 tokens of 4 bytes each; scores in steps of 0.05: many ties
				trials.add(trial(i, "w".repeat(4 * (1 + random.nextInt(8))), random.nextInt(21) / 20.0));
			}
			List<Integer> expected = new ArrayList<>();
			for (Trial a : trials) {
				boolean dominated = trials.stream()
					.anyMatch((b) -> b != a && b.instructionTokens() <= a.instructionTokens()
							&& b.devScore() >= a.devScore() && (b.instructionTokens() < a.instructionTokens()
									|| b.devScore() > a.devScore() || b.ordinal() < a.ordinal()));
				if (!dominated) {
					expected.add(a.ordinal());
				}
			}
			List<Trial> front = CostAccuracyFront.of(trials);
			assertThat(front.stream().map(Trial::ordinal)).containsExactlyInAnyOrderElementsOf(expected);
			// shortest first, and each longer one strictly better
			for (int i = 1; i < front.size(); i++) {
				assertThat(front.get(i).instructionTokens()).isGreaterThan(front.get(i - 1).instructionTokens());
				assertThat(front.get(i).devScore()).isGreaterThan(front.get(i - 1).devScore());
			}

			double epsilon = random.nextInt(5) / 20.0;
			double highest = trials.stream().mapToDouble(Trial::devScore).max().orElseThrow();
			Trial chosen = CostAccuracyFront.shortestWithin(trials, epsilon).orElseThrow();
			assertThat(chosen.devScore()).isGreaterThanOrEqualTo(highest - epsilon - 1e-9);
			assertThat(trials.stream().filter((t) -> t.devScore() >= highest - epsilon - 1e-9)).allSatisfy(
					(t) -> assertThat(t.instructionTokens()).isGreaterThanOrEqualTo(chosen.instructionTokens()));
			// the choice is itself on the front
			assertThat(front).contains(chosen);
		}));
	}

	@Test
	void estimatesTokensFromUtf8Bytes() {
		assertThat(InstructionLength.tokens("")).isZero();
		assertThat(InstructionLength.tokens("abcd")).isEqualTo(1);
		assertThat(InstructionLength.tokens("abcde")).isEqualTo(2);
		// 3 characters, 9 bytes
		assertThat(InstructionLength.tokens("反対語")).isEqualTo(3);
		assertThat(trial(0, "Give the antonym.", 1).instructionTokens()).isEqualTo(5);
	}

	private static Trial trial(int ordinal, String instruction, double score) {
		return new Trial(JOB, ordinal, 0, TrialOrigin.BASELINE, null, instruction, instruction, score,
				new double[] { score }, false, 0, 0, 1L, 1L, Instant.EPOCH);
	}

}
