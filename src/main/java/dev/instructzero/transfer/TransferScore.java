package dev.instructzero.transfer;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * One transfer score (table {@code transfer_score}): an instruction (its first trial's
 * ordinal) scored on another model and split; written once by
 * {@link TransferScoreRepository#insert}, never changed.
 */
@Entity
@Immutable
@Table(name = "transfer_score")
@IdClass(TransferScore.Key.class)
class TransferScore {

	@Id
	@Column(name = "job_id", nullable = false)
	private UUID jobId;

	@Id
	@Column(nullable = false)
	private int ordinal;

	@Id
	@Column(nullable = false, length = 200)
	private String model;

	@Id
	@Column(nullable = false, length = 4)
	private String split;

	@Column(nullable = false)
	private double score;

	@Column(nullable = false)
	private int examples;

	@Column(name = "paid_calls", nullable = false)
	private int paidCalls;

	@Column(name = "cache_hits", nullable = false)
	private int cacheHits;

	@Column(name = "tokens_in", nullable = false)
	private long tokensIn;

	@Column(name = "tokens_out", nullable = false)
	private long tokensOut;

	@Column(name = "cost_usd", nullable = false, precision = 18, scale = 8)
	private BigDecimal costUsd;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@SuppressWarnings("NullAway.Init") // for JPA, which fills every field
	protected TransferScore() {
	}

	TransferScoreRepository.Stored stored() {
		return new TransferScoreRepository.Stored(this.ordinal, this.model, this.score, this.examples, this.paidCalls,
				this.cacheHits, this.tokensIn, this.tokensOut, this.costUsd);
	}

	/** The primary key: job, instruction, model and split. */
	record Key(UUID jobId, int ordinal, String model, String split) implements Serializable {
	}

}
