package dev.instructzero.study;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/**
 * The budget of a whole study, split equally among its jobs: each arm × seed job may pay
 * for at most {@code maxBlackBoxCalls / jobs} calls (rounded down) and
 * {@code maxCostUsd / jobs} USD (rounded down to 1e-8), on top of any smaller limit of
 * the base job. An equal split keeps the arms comparable (every seed of every arm had the
 * same allowance, whatever order the jobs ran in) and the study can never pay more than
 * its budget; a job that needs less does not hand its remainder to another.
 *
 * @param maxBlackBoxCalls paid black-box calls of all jobs together
 * @param maxCostUsd black-box cost in USD of all jobs together (needs pricing)
 */
record StudyBudget(@Min(1) @Nullable Long maxBlackBoxCalls,
		@DecimalMin(value = "0", inclusive = false) @Nullable BigDecimal maxCostUsd) {

}
