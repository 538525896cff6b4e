package dev.instructzero.evaluator;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.instructzero.database.StorableText;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The persistent black-box call cache (table {@code black_box_call}): one row per
 * distinct (model, temperature, max tokens, prompt), holding the answer and the usage it
 * cost when it was paid for. Rows are only ever inserted once; later readers bump
 * {@code hits}. Next to it, the per-job ledger of paid calls (table {@code paid_call}).
 */
public class BlackBoxCallRepository {

	private final JdbcClient jdbc;

	public BlackBoxCallRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The cached answer of the call with hash {@code cacheKey}, if any. */
	Optional<CachedCall> find(String cacheKey) {
		return this.jdbc.sql(
				"select response, finish_reason, tokens_in, tokens_out, cost_usd from black_box_call where cache_key = ?")
			.param(cacheKey)
			.query((rs, row) -> new CachedCall(rs.getString("response"), rs.getString("finish_reason"),
					rs.getInt("tokens_in"), rs.getInt("tokens_out"), rs.getBigDecimal("cost_usd")))
			.optional();
	}

	/** Stores a paid call; a concurrent insert of the same key wins silently. */
	@SuppressWarnings("NullAway") // JdbcClient binds a null parameter as SQL NULL
	void insert(String cacheKey, CallKey call, CachedCall answer, long latencyMs, @Nullable UUID firstJobId) {
		this.jdbc.sql("""
				insert into black_box_call (cache_key, model, temperature, max_tokens, prompt, response, finish_reason,
				                            tokens_in, tokens_out, cost_usd, latency_ms, first_job_id)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (cache_key) do nothing
				""")
			.params(cacheKey, call.model(), call.temperature(), call.maxTokens(), StorableText.clean(call.prompt()),
					StorableText.clean(answer.response()), truncate(answer.finishReason(), 32), answer.tokensIn(),
					answer.tokensOut(), answer.costUsd(), latencyMs, firstJobId)
			.update();
	}

	/**
	 * Removes the rows last used before {@code cutoff}, in one statement (replicas doing
	 * it at once remove each row once).
	 * @return the number of rows removed
	 */
	int removeUnusedSince(Instant cutoff) {
		return this.jdbc.sql("delete from black_box_call where last_used_at < ?")
			.param(Timestamp.from(cutoff))
			.update();
	}

	/** Counts one more answer served from the row. */
	void recordHit(String cacheKey) {
		this.jdbc.sql("update black_box_call set hits = hits + 1 where cache_key = ?").param(cacheKey).update();
	}

	/**
	 * Writes one paid call to the job's ledger (table {@code paid_call}); every paid call
	 * gets its own row, even when another job or replica paid for the same call.
	 */
	void recordPaid(UUID jobId, String cacheKey, CallPurpose purpose, String model, CachedCall answer) {
		this.jdbc.sql("""
				insert into paid_call (job_id, cache_key, purpose, model, tokens_in, tokens_out, cost_usd)
				values (?, ?, ?, ?, ?, ?, ?)
				""")
			.params(jobId, cacheKey, purpose.wireName(), model, answer.tokensIn(), answer.tokensOut(), answer.costUsd())
			.update();
	}

	/**
	 * What a job has paid for: the sum of its ledger, which survives a crash between a
	 * paid call and the job's next counter update. Cache hits are free and not counted
	 * here.
	 */
	public UsageTotals paidBy(UUID jobId) {
		return this.jdbc.sql("""
				select count(*) as calls, coalesce(sum(tokens_in), 0) as tokens_in,
				       coalesce(sum(tokens_out), 0) as tokens_out, coalesce(sum(cost_usd), 0) as cost_usd
				from paid_call where job_id = ?
				""")
			.param(jobId)
			.query((rs, row) -> new UsageTotals(rs.getLong("calls"), 0, rs.getLong("tokens_in"),
					rs.getLong("tokens_out"), rs.getBigDecimal("cost_usd")))
			.single();
	}

	/** Number of cached calls (for operations and tests). */
	public long count() {
		return this.jdbc.sql("select count(*) from black_box_call").query(Long.class).single();
	}

	private static @Nullable String truncate(@Nullable String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

	/** A stored answer and what it cost. */
	record CachedCall(String response, @Nullable String finishReason, int tokensIn, int tokensOut, BigDecimal costUsd) {
	}

}
