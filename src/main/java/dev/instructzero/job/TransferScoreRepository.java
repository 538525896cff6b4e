package dev.instructzero.job;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Transfer scores (table {@code transfer_score}): one row per job, instruction (its first
 * trial's ordinal), model and split, written once when scored.
 */
@Repository
class TransferScoreRepository {

	private final JdbcClient jdbc;

	TransferScoreRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Stores a score; a concurrent request's row for the same cell wins. */
	void insert(UUID jobId, String split, Stored score) {
		this.jdbc.sql("""
				insert into transfer_score (job_id, ordinal, model, split, score, examples, paid_calls, cache_hits,
				                            tokens_in, tokens_out, cost_usd)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict do nothing
				""")
			.params(jobId, score.ordinal(), score.model(), split, score.score(), score.examples(), score.paidCalls(),
					score.cacheHits(), score.tokensIn(), score.tokensOut(), score.costUsd())
			.update();
	}

	/** The job's transfer scores on one split, in the order they were stored. */
	List<Stored> find(UUID jobId, String split) {
		return this.jdbc.sql("""
				select ordinal, model, score, examples, paid_calls, cache_hits, tokens_in, tokens_out, cost_usd
				from transfer_score where job_id = ? and split = ? order by created_at, ordinal, model
				""")
			.params(jobId, split)
			.query((rs, row) -> new Stored(rs.getInt("ordinal"), rs.getString("model"), rs.getDouble("score"),
					rs.getInt("examples"), rs.getInt("paid_calls"), rs.getInt("cache_hits"), rs.getLong("tokens_in"),
					rs.getLong("tokens_out"), rs.getBigDecimal("cost_usd")))
			.list();
	}

	/** One stored cell. */
	record Stored(int ordinal, String model, double score, int examples, int paidCalls, int cacheHits, long tokensIn,
			long tokensOut, BigDecimal costUsd) {
	}

}
