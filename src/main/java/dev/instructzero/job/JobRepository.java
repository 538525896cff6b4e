package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import dev.instructzero.run.Phase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import dev.instructzero.run.StopReason;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/**
 * Jobs. State changes are single conditional UPDATE statements, so an API request
 * (cancel) and the engine (progress, finish) never overwrite each other's columns. Their
 * {@code WHERE status IN (:from)} comes from {@link JobStatus#sourcesOf(JobStatus)}, and
 * every status and phase they write is bound from the enums: the SQL names none.
 */
interface JobRepository extends JpaRepository<Job, UUID> {

	Page<Job> findByStatus(JobStatus status, Pageable pageable);

	Page<Job> findByOwner(String owner, Pageable pageable);

	Page<Job> findByOwnerAndStatus(String owner, JobStatus status, Pageable pageable);

	default long countUnfinishedByTask(UUID taskId) {
		return countByTaskIdAndStatusIn(taskId, JobStatus.unfinished());
	}

	long countByTaskIdAndStatusIn(UUID taskId, Collection<JobStatus> statuses);

	/** Deletes the jobs of a task (their trials and callbacks go with them). */
	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = "delete from job where task_id = :taskId", nativeQuery = true)
	int deleteByTask(UUID taskId);

	/** Deletes a finished job; 0 if it is unfinished or absent. */
	default int deleteFinished(UUID id) {
		return deleteInStatus(id, JobStatus.names(JobStatus.finished()));
	}

	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = "delete from job where id = :id and status in (:statuses)", nativeQuery = true)
	int deleteInStatus(UUID id, Collection<String> statuses);

	/** QUEUED and RUNNING jobs of an API client. */
	default long countUnfinishedByOwner(String owner) {
		return countByOwnerAndStatusIn(owner, JobStatus.unfinished());
	}

	long countByOwnerAndStatusIn(String owner, Collection<JobStatus> statuses);

	/** Black-box cost in USD of an API client's jobs created since {@code since}. */
	@Query(value = "select coalesce(sum(cost_usd), 0) from job where owner = :owner and created_at >= :since",
			nativeQuery = true)
	BigDecimal costByOwnerSince(String owner, Instant since);

	/**
	 * What an API client's jobs created since {@code since} have spent or may still
	 * spend: a finished job its cost, an unfinished one the larger of its cost and its
	 * cost budget (so jobs running side by side cannot together overrun the client's
	 * limit).
	 */
	default BigDecimal committedByOwnerSince(String owner, Instant since) {
		return committedByOwnerSince(owner, since, JobStatus.names(JobStatus.unfinished()));
	}

	@Query(value = """
			select coalesce(sum(case when status in (:unfinished)
			    then greatest(cost_usd, coalesce((budget ->> 'maxCostUsd')::numeric, cost_usd)) else cost_usd end), 0)
			from job where owner = :owner and created_at >= :since""", nativeQuery = true)
	BigDecimal committedByOwnerSince(String owner, Instant since, Collection<String> unfinished);

	/**
	 * Serialises quota checks of one API client across threads and replicas until the
	 * transaction ends.
	 */
	@Query(value = "select 1 from (select pg_advisory_xact_lock(hashtextextended('quota:' || :owner, 0))) locked",
			nativeQuery = true)
	int lockQuotaOf(String owner);

	default List<UUID> findUnfinishedIds() {
		return findIdsInStatus(JobStatus.names(JobStatus.unfinished()));
	}

	@Query(value = "select id from job where status in (:statuses)", nativeQuery = true)
	List<UUID> findIdsInStatus(Collection<String> statuses);

	@Query(value = "select status, count(*) from job group by status", nativeQuery = true)
	List<Object[]> countByStatus();

	/**
	 * Cancels a QUEUED job at once, asks a RUNNING one to stop; 0 if finished or absent.
	 */
	default int requestCancel(UUID id, Instant now) {
		return requestCancel(id, JobStatus.names(JobStatus.sourcesOf(JobStatus.CANCELLED)), JobStatus.QUEUED.name(),
				JobStatus.CANCELLED.name(), StopReason.CANCELLED.name(), Phase.CANCELLED.wireName(), now);
	}

	/**
	 * A job in {@code at} moves to {@code to} at once; in the other {@code from} statuses
	 * it is only asked to stop.
	 */
	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = """
			update job set cancel_requested = true,
			  stop_reason = case when status = :at then :stopReason else stop_reason end,
			  phase = case when status = :at then :phase else phase end,
			  finished_at = case when status = :at then :now else finished_at end,
			  status = case when status = :at then :to else status end
			where id = :id and status in (:from)""", nativeQuery = true)
	int requestCancel(UUID id, Collection<String> from, String at, String to, String stopReason, String phase,
			Instant now);

	/**
	 * QUEUED or RUNNING (resumed) → RUNNING, preparing; 0 if the job finished or was
	 * cancelled meanwhile.
	 */
	default int markRunning(UUID id, Instant now) {
		return markRunning(id, JobStatus.names(JobStatus.sourcesOf(JobStatus.RUNNING)), JobStatus.RUNNING.name(),
				Phase.PREPARING.wireName(), now);
	}

	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = """
			update job set status = :to, started_at = coalesce(started_at, :now), phase = :phase
			where id = :id and status in (:from) and not cancel_requested""", nativeQuery = true)
	int markRunning(UUID id, Collection<String> from, String to, String phase, Instant now);

	default int updatePhase(UUID id, Phase phase, int iteration) {
		return updatePhase(id, phase.wireName(), iteration);
	}

	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = "update job set phase = :phase, current_iteration = :iteration where id = :id", nativeQuery = true)
	int updatePhase(UUID id, String phase, int iteration);

	/**
	 * Sets the number of planned trials; never below the trials done (a resumed run may
	 * replan a round whose trials are partly persisted).
	 */
	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = "update job set trials_planned = greatest(:planned, trials_done) where id = :id", nativeQuery = true)
	int updatePlanned(UUID id, int planned);

	/**
	 * Counts a persisted trial: trials done and the black-box totals (monotone, whatever
	 * the order concurrent trials arrive in). The best trial is not kept here: the trial
	 * queries define it.
	 */
	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = """
			update job set trials_done = trials_done + 1,
			  paid_calls = greatest(paid_calls, :paidCalls), cache_hits = greatest(cache_hits, :cacheHits),
			  tokens_in = greatest(tokens_in, :tokensIn), tokens_out = greatest(tokens_out, :tokensOut),
			  cost_usd = greatest(cost_usd, :costUsd)
			where id = :id""", nativeQuery = true)
	int countTrial(UUID id, long paidCalls, long cacheHits, long tokensIn, long tokensOut, BigDecimal costUsd);

	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = """
			update job set paid_calls = greatest(paid_calls, :paidCalls), cache_hits = greatest(cache_hits, :cacheHits),
			  tokens_in = greatest(tokens_in, :tokensIn), tokens_out = greatest(tokens_out, :tokensOut),
			  cost_usd = greatest(cost_usd, :costUsd)
			where id = :id""", nativeQuery = true)
	int updateUsage(UUID id, long paidCalls, long cacheHits, long tokensIn, long tokensOut, BigDecimal costUsd);

	/**
	 * Adds usage paid outside the job's run (a transfer of its instructions to other
	 * models) to its totals.
	 */
	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = """
			update job set paid_calls = paid_calls + :paidCalls, cache_hits = cache_hits + :cacheHits,
			  tokens_in = tokens_in + :tokensIn, tokens_out = tokens_out + :tokensOut, cost_usd = cost_usd + :costUsd
			where id = :id""", nativeQuery = true)
	int addUsage(UUID id, long paidCalls, long cacheHits, long tokensIn, long tokensOut, BigDecimal costUsd);

	/** The judge's share of the usage (monotone, like the totals). */
	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = """
			update job set judge_calls = greatest(judge_calls, :calls),
			  judge_tokens_in = greatest(judge_tokens_in, :tokensIn),
			  judge_tokens_out = greatest(judge_tokens_out, :tokensOut),
			  judge_cost_usd = greatest(judge_cost_usd, :costUsd), judge_unparsed = greatest(judge_unparsed, :unparsed)
			where id = :id""", nativeQuery = true)
	int updateJudgeUsage(UUID id, long calls, long tokensIn, long tokensOut, BigDecimal costUsd, long unparsed);

	/**
	 * → a final status (and the phase it ends in); 0 if the job could not move there (it
	 * had already finished).
	 * @throws IllegalArgumentException if {@code status} is not a final one
	 */
	default int finish(UUID id, JobStatus status, @Nullable StopReason stopReason, @Nullable String error,
			Instant now) {
		Phase phase = status.endPhase();
		return finish(id, JobStatus.names(JobStatus.sourcesOf(status)), status.name(),
				(stopReason != null) ? stopReason.name() : null, error, phase.wireName(), now);
	}

	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = """
			update job set status = :to, stop_reason = :stopReason, error_message = :error, phase = :phase,
			  finished_at = :now
			where id = :id and status in (:from)""", nativeQuery = true)
	int finish(UUID id, Collection<String> from, String to, @Nullable String stopReason, @Nullable String error,
			String phase, Instant now);

	/**
	 * FAILED or CANCELLED → QUEUED for {@code POST /jobs/{id}/resume}, counting one more
	 * resumption; 0 if the job is in another state or absent.
	 */
	default int requestResume(UUID id) {
		return requestResume(id, JobStatus.names(JobStatus.sourcesOf(JobStatus.QUEUED)), JobStatus.QUEUED.name(),
				Phase.QUEUED.wireName());
	}

	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = """
			update job set status = :to, stop_reason = null, error_message = null, cancel_requested = false,
			  phase = :phase, finished_at = null, resumptions = resumptions + 1
			where id = :id and status in (:from)""", nativeQuery = true)
	int requestResume(UUID id, Collection<String> from, String to, String phase);

	/**
	 * How often the job was resumed through the API (0 for a job never resumed or
	 * absent).
	 */
	@Query(value = "select coalesce(max(resumptions), 0) from job where id = :id", nativeQuery = true)
	int resumptions(UUID id);

	@Query(value = "select cancel_requested from job where id = :id", nativeQuery = true)
	boolean isCancelRequested(UUID id);

}
