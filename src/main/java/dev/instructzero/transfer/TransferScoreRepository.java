package dev.instructzero.transfer;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transfer scores (table {@code transfer_score}): one row per job, instruction (its first
 * trial's ordinal), model and split, written once when scored.
 */
interface TransferScoreRepository extends Repository<TransferScore, TransferScore.Key> {

	/** Stores a score; a concurrent request's row for the same cell wins. */
	default void insert(UUID jobId, String split, Stored score) {
		insert(jobId, score.ordinal(), score.model(), split, score.score(), score.examples(), score.paidCalls(),
				score.cacheHits(), score.tokensIn(), score.tokensOut(), score.costUsd());
	}

	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = """
			insert into transfer_score (job_id, ordinal, model, split, score, examples, paid_calls, cache_hits,
			                            tokens_in, tokens_out, cost_usd)
			values (:jobId, :ordinal, :model, :split, :score, :examples, :paidCalls, :cacheHits, :tokensIn,
			        :tokensOut, :costUsd)
			on conflict do nothing
			""")
	void insert(UUID jobId, int ordinal, String model, String split, double score, int examples, int paidCalls,
			int cacheHits, long tokensIn, long tokensOut, BigDecimal costUsd);

	/** The job's transfer scores on one split, in the order they were stored. */
	default List<Stored> find(UUID jobId, String split) {
		return findByJobIdAndSplitOrderByCreatedAtAscOrdinalAscModelAsc(jobId, split).stream()
			.map(TransferScore::stored)
			.toList();
	}

	List<TransferScore> findByJobIdAndSplitOrderByCreatedAtAscOrdinalAscModelAsc(UUID jobId, String split);

	/** One stored cell. */
	record Stored(int ordinal, String model, double score, int examples, int paidCalls, int cacheHits, long tokensIn,
			long tokensOut, BigDecimal costUsd) {
	}

}
