package dev.instructzero.trial;

import dev.instructzero.task.ScoreInterval;
import org.jspecify.annotations.Nullable;

/**
 * The best instruction of a job: its final choice once the final selection has re-scored
 * the top candidates, before that the highest dev score (earliest trial on ties).
 *
 * @param instruction the instruction
 * @param rawReply the generator's reply the instruction was read from (null for trials
 * recorded before replies were kept)
 * @param ordinal its trial
 * @param softPrompt the trial's soft prompt (null for APE)
 * @param strategy the job's strategy
 * @param selectedBy {@code final-selection} when the final selection chose it,
 * {@code dev-score} before (or without) a final selection
 * @param devScore score on the job's fixed dev subset
 * @param devExamples size of the fixed dev subset
 * @param widerScore the wider evaluation of the final selection, null before it
 * @param testScore score on the task's test examples, null until the job has scored it
 * (or when the task has none; the job scores only its best instruction on them)
 * @param instructionTokens tokens the instruction adds to every call (estimate, see
 * {@link InstructionLength})
 * @param within the tolerance {@code ?within=} asked for, null otherwise
 */
public record BestInstructionResponse(String instruction, String rawReply, int ordinal, double @Nullable [] softPrompt,
		String strategy, String selectedBy, double devScore, int devExamples, @Nullable WiderScore widerScore,
		@Nullable Double testScore, int instructionTokens, @Nullable Double within) {

	/**
	 * {@link #selectedBy()} of {@code ?within=ε}: the shortest instruction whose dev
	 * score is within ε of the highest.
	 */
	public static final String SHORTEST_WITHIN = "shortest-within";

	/** {@link #selectedBy()} of a final choice. */
	public static final String FINAL_SELECTION = "final-selection";

	/** {@link #selectedBy()} of the dev-score leader. */
	public static final String DEV_SCORE = "dev-score";

	/**
	 * The score on the fixed dev subset and the extra dev-pool examples together.
	 *
	 * @param score mean per-example score over {@code examples}
	 * @param examples dev subset plus extra examples
	 * @param interval its 95% confidence interval
	 * @param candidatesCompared candidates the final selection compared on the same
	 * examples (fewer than the setting when a budget stopped it)
	 */
	public record WiderScore(double score, int examples, Interval interval, int candidatesCompared) {
	}

	/**
	 * A confidence interval.
	 *
	 * @param confidence its level (0.95)
	 * @param method {@code wilson} (0/1 metrics) or {@code bootstrap} (f1)
	 */
	public record Interval(double low, double high, double confidence, ScoreInterval.Method method) {

		static Interval of(ScoreInterval interval) {
			return new Interval(interval.low(), interval.high(), ScoreInterval.CONFIDENCE, interval.method());
		}

	}

}
