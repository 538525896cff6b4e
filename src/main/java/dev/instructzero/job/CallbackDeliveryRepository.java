package dev.instructzero.job;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The {@code callback_delivery} outbox (see {@link JobCallbacks}). The claim and its
 * outcome run in the caller's transaction: the claimed row stays locked until it ends.
 */
interface CallbackDeliveryRepository extends Repository<CallbackDelivery, UUID> {

	Optional<CallbackDelivery> findById(UUID jobId);

	/**
	 * Locks the most overdue pending delivery of a job owned by one of {@code signers},
	 * skipping rows another replica has locked.
	 */
	@Query(nativeQuery = true, value = """
			select d.job_id as "jobId", d.url as "url", d.attempts as "attempts", j.owner as "owner"
			from callback_delivery d join job j on j.id = d.job_id
			where d.state = 'PENDING' and d.next_attempt_at <= :now and j.owner = any(cast(:signers as text[]))
			order by d.next_attempt_at limit 1 for update of d skip locked""")
	Optional<Due> claimDue(Instant now, String[] signers);

	@Modifying
	@Query(nativeQuery = true, value = """
			update callback_delivery set state = 'DELIVERED', attempts = :attempts, delivered_at = :deliveredAt,
			       last_error = null
			where job_id = :jobId""")
	void markDelivered(UUID jobId, int attempts, Instant deliveredAt);

	@Modifying
	@Query(nativeQuery = true, value = """
			update callback_delivery set state = 'FAILED', attempts = :attempts, last_error = :error
			where job_id = :jobId""")
	void markFailed(UUID jobId, int attempts, String error);

	@Modifying
	@Query(nativeQuery = true, value = """
			update callback_delivery set attempts = :attempts, last_error = :error, next_attempt_at = :nextAttemptAt
			where job_id = :jobId""")
	void retryAt(UUID jobId, int attempts, String error, Instant nextAttemptAt);

	/**
	 * A claimed delivery: its attempts so far and the job's owner, whose secret signs.
	 */
	interface Due {

		UUID getJobId();

		String getUrl();

		int getAttempts();

		String getOwner();

	}

}
