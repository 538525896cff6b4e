package dev.instructzero.transfer;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /jobs/{id}/transfer}.
 *
 * @param models black-box models to score the instructions with; each must be allowed
 * ({@code instructzero.evaluator.default-model} or {@code allowed-models})
 * @param topK the job's best distinct instructions by dev score to transfer (5)
 * @param budget limits of this request's paid calls; cache hits are free
 */
record TransferRequest(@NotEmpty List<@NotNull @Size(min = 1, max = 200) String> models,
		@Min(1) @Max(50) @Nullable Integer topK, @Valid @Nullable Budget budget) {

	/** Instructions transferred when {@code topK} is absent. */
	static final int DEFAULT_TOP_K = 5;

	int topKOrDefault() {
		return (this.topK != null) ? this.topK : DEFAULT_TOP_K;
	}

	/**
	 * Limits of one transfer; an absent one does not limit (beyond
	 * {@code instructzero.transfer.max-calls} and the client's quotas).
	 */
	public record Budget(@Min(1) @Nullable Long maxBlackBoxCalls, @Min(1) @Nullable Long maxTokens,
			@DecimalMin(value = "0", inclusive = false) @Nullable BigDecimal maxCostUsd) {
	}

}
