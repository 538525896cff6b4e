package dev.instructzero.evaluator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The score of one instruction on a list of examples.
 *
 * @param model the black-box model that answered
 * @param score mean of {@code exampleScores}, in {@code [0, 1]}
 * @param exampleScores per-example scores in the order of the request's examples (the
 * vector the instruction-coupled kernel compares)
 * @param answers the black-box model's raw answers, in the same order ({@code ""} for an
 * empty or refused answer)
 * @param tokensIn prompt tokens of the paid calls of this evaluation
 * @param tokensOut completion tokens of the paid calls of this evaluation
 * @param costUsd USD of the paid calls of this evaluation
 * @param paidCalls calls sent to the black box
 * @param cacheHits answers taken from the cache
 * @param latency wall time of the whole evaluation
 * @param verdicts per example, the judge's reply for {@code llm_judge}; {@code null} for
 * an example that was not judged (every example of another metric)
 */
public record Evaluation(String model, double score, double[] exampleScores, List<String> answers, long tokensIn,
		long tokensOut, BigDecimal costUsd, int paidCalls, int cacheHits, Duration latency,
		List<@Nullable String> verdicts) {

	public Evaluation {
		exampleScores = exampleScores.clone();
		answers = List.copyOf(answers);
		// nulls allowed: not judged
		verdicts = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(verdicts));
	}

	/** The per-example scores (a copy). */
	@Override
	public double[] exampleScores() {
		return this.exampleScores.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Evaluation that && this.model.equals(that.model)
				&& Double.compare(this.score, that.score) == 0 && Arrays.equals(this.exampleScores, that.exampleScores)
				&& this.answers.equals(that.answers) && this.tokensIn == that.tokensIn
				&& this.tokensOut == that.tokensOut && this.costUsd.compareTo(that.costUsd) == 0
				&& this.paidCalls == that.paidCalls && this.cacheHits == that.cacheHits
				&& this.latency.equals(that.latency) && Objects.equals(this.verdicts, that.verdicts);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.exampleScores) + this.answers.hashCode();
	}

	@Override
	public String toString() {
		return "Evaluation[model=" + this.model + ", score=" + this.score + ", exampleScores="
				+ Arrays.toString(this.exampleScores) + ", paidCalls=" + this.paidCalls + ", cacheHits="
				+ this.cacheHits + ", tokensIn=" + this.tokensIn + ", tokensOut=" + this.tokensOut + ", costUsd="
				+ this.costUsd + ", latency=" + this.latency + "]";
	}

}
