package dev.instructzero.study;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a study found, per arm and against its baseline arm. Scores and curves come from
 * the SUCCEEDED jobs (a job that stopped on its budget succeeded); calls and cost from
 * every job, since a failed or cancelled job paid too.
 *
 * @param status {@code RUNNING} or {@code FINISHED}, as the study's
 * @param baseline name of the baseline arm
 * @param seeds the study's seeds; comparisons pair the jobs of two arms by seed
 * @param arms one entry per arm, in grid order
 * @param comparisons each arm other than the baseline against it, on best dev score and
 * on test score
 */
record StudyReport(UUID studyId, String status, @Nullable String baseline, List<Long> seeds, List<ArmReport> arms,
		List<Comparison> comparisons) {

	/**
	 * One arm's results over its seeds.
	 *
	 * @param settings grid key → the arm's value
	 * @param jobs jobs of the arm
	 * @param succeeded of them, SUCCEEDED
	 * @param bestDevScore per job the highest dev score of a trial with an instruction
	 * (the end of its convergence curve): mean and 95% interval over the succeeded jobs
	 * @param testScore per job the test score of its best instruction (as {@code GET
	 * /jobs/{id}/best} names it): mean and 95% interval over the succeeded jobs whose
	 * task has test examples
	 * @param paidCalls black-box calls paid by all jobs of the arm
	 * @param costUsd their cost in USD
	 * @param paidCallsPerJob mean and 95% interval of a job's paid calls
	 * @param convergence the mean best-so-far dev score after each trial
	 */
	public record ArmReport(int index, String name, JsonNode settings, boolean baseline, int jobs, int succeeded,
			MeanEstimate bestDevScore, MeanEstimate testScore, long paidCalls, BigDecimal costUsd,
			MeanEstimate paidCallsPerJob, List<CurvePoint> convergence) {
	}

	/**
	 * The mean convergence curve at one trial index: over the arm's succeeded jobs, the
	 * best dev score among a job's first {@code trial} trials (a failed generation counts
	 * as 0; a job that ended earlier keeps its final best).
	 *
	 * @param trial trial index, from 1, in the job's trial order
	 * @param n jobs averaged
	 * @param mean their mean best-so-far dev score
	 * @param low lower end of its 95% interval (null for one job)
	 * @param high upper end of its 95% interval (null for one job)
	 */
	public record CurvePoint(int trial, int n, @Nullable Double mean, @Nullable Double low, @Nullable Double high) {
	}

	/**
	 * An arm against the baseline on one metric, paired by seed (seeds where both jobs
	 * have the metric), by the exact two-sided Wilcoxon signed-rank test.
	 *
	 * @param metric {@code bestDevScore} or {@code testScore}
	 * @param pairs seeds compared
	 * @param nonZero pairs with a non-zero difference
	 * @param wPlus sum of the ranks where the arm scored higher
	 * @param wMinus sum of the ranks where the baseline scored higher
	 * @param statistic min(W⁺, W⁻)
	 * @param pValue exact two-sided p-value (null with no non-zero difference)
	 * @param meanDifference mean of arm − baseline (null without pairs)
	 * @param medianDifference median of arm − baseline (null without pairs)
	 */
	public record Comparison(String arm, @Nullable String baseline, String metric, int pairs, int nonZero,
			@Nullable Double wPlus, @Nullable Double wMinus, @Nullable Double statistic, @Nullable Double pValue,
			@Nullable Double meanDifference, @Nullable Double medianDifference) {
	}

}
