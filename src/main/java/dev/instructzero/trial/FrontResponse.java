package dev.instructzero.trial;

import java.math.BigDecimal;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The cost–accuracy front of a job ({@code GET /jobs/{id}/front}).
 *
 * @param model the job's black-box model, whose price is used
 * @param inputUsdPerMtok its price per million prompt tokens, null when it has none
 * ({@code instructzero.pricing}); then every cost is null
 * @param tokenEstimate how instruction lengths are estimated
 * @param distinctInstructions instructions compared (failed generations excluded)
 * @param front the Pareto-optimal instructions, shortest first
 * @param dominated the other distinct instructions, shortest first (for plotting)
 */
record FrontResponse(String model, @Nullable BigDecimal inputUsdPerMtok, String tokenEstimate, int distinctInstructions,
		List<Point> front, List<Point> dominated) {

	/** {@link #tokenEstimate()}: see {@link InstructionLength}. */
	public static final String TOKEN_ESTIMATE = "ceil(utf8Bytes / " + InstructionLength.BYTES_PER_TOKEN + ")";

	/**
	 * One distinct instruction.
	 *
	 * @param ordinal its first trial
	 * @param instructionTokens tokens it adds to every call (estimate)
	 * @param devScore its score on the job's fixed dev subset
	 * @param testScore its test score, when the job scored it on the test examples
	 * @param usdPerCall what its tokens cost on every call at the model's input price
	 * @param usdPerThousandCalls the same for 1,000 calls
	 */
	public record Point(int ordinal, String instruction, int instructionTokens, double devScore,
			@Nullable Double testScore, @Nullable BigDecimal usdPerCall, @Nullable BigDecimal usdPerThousandCalls) {
	}

}
