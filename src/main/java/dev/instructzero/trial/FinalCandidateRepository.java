package dev.instructzero.trial;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** The candidates of jobs' final selections; every query is scoped to one job. */
public interface FinalCandidateRepository extends JpaRepository<FinalCandidate, Long> {

	/** A job's re-scored candidates, best dev rank first. */
	List<FinalCandidate> findByJobIdOrderByDevRankAsc(UUID jobId);

	/** Flags a job's final choice (at most one per job, enforced by a unique index). */
	@Transactional
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = "update final_candidate set chosen = (ordinal = :ordinal) where job_id = :jobId", nativeQuery = true)
	int markChosen(UUID jobId, int ordinal);

}
