package dev.instructzero.job;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/**
 * A job's callback in the {@code callback_delivery} outbox. The row is written by a
 * database trigger in the transaction that ends the job and changed only by
 * {@link CallbackDeliveryRepository}'s conditional updates, so the entity is read-only.
 */
@Entity
@Immutable
@Table(name = "callback_delivery")
class CallbackDelivery {

	@Id
	@Column(name = "job_id", nullable = false)
	private UUID jobId;

	@Column(nullable = false)
	private String url;

	@Column(nullable = false, length = 16)
	private String state;

	@Column(nullable = false)
	private int attempts;

	@Column(name = "next_attempt_at", nullable = false)
	private Instant nextAttemptAt;

	@Column(name = "last_error")
	private @Nullable String lastError;

	@Column(name = "last_status")
	private @Nullable Integer lastStatus;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "delivered_at")
	private @Nullable Instant deliveredAt;

	@SuppressWarnings("NullAway.Init") // for JPA, which fills every field
	protected CallbackDelivery() {
	}

	/** PENDING, DELIVERED or FAILED. */
	String state() {
		return this.state;
	}

	int attempts() {
		return this.attempts;
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	@Nullable Instant deliveredAt() {
		return this.deliveredAt;
	}

}
