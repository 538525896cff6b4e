package dev.instructzero.transfer;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.instructzero.evaluator.PricingProperties;

/**
 * The transfer table of a job: its top distinct instructions × black-box models.
 *
 * @param split {@code test} (the task's test examples) or {@code dev} (the job's dev
 * pool, for a task without test examples)
 * @param examples examples each cell was scored on
 * @param models the models of the table, in the order first requested
 * @param instructions one row per instruction, best dev score first
 * @param usage what the request paid ({@code POST}), or all transfers of the job together
 * ({@code GET})
 * @param stoppedBy {@code CALLS}, {@code TOKENS} or {@code COST} when a budget left cells
 * unscored; null otherwise
 */
record TransferResponse(UUID jobId, String split, int examples, List<String> models, List<Row> instructions,
		Usage usage, @Nullable String stoppedBy) {

	/**
	 * One instruction.
	 *
	 * @param ordinal its first trial
	 * @param devScore its dev score on the job's model (fixed subset)
	 * @param instructionTokens its estimated length in tokens
	 * @param scores by model; a model missing here was not scored (budget)
	 */
	public record Row(int ordinal, String instruction, double devScore, int instructionTokens,
			Map<String, Cell> scores) {
	}

	/**
	 * One instruction on one model.
	 *
	 * @param score mean metric over the examples
	 * @param paidCalls calls paid when it was scored
	 * @param cacheHits answers the cache gave
	 * @param costUsd USD of its paid calls (0 for an unpriced model)
	 */
	public record Cell(double score, int paidCalls, int cacheHits, long tokensIn, long tokensOut, BigDecimal costUsd) {
	}

	/** Paid calls, cache hits, tokens and cost. */
	public record Usage(long paidCalls, long cacheHits, long tokensIn, long tokensOut, BigDecimal costUsd) {

		public Usage {
			costUsd = costUsd.setScale(PricingProperties.USD_SCALE, RoundingMode.HALF_UP);
		}

	}

}
