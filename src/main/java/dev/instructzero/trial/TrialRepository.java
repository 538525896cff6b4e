package dev.instructzero.trial;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Trials of jobs; every query is scoped to one job. */
public interface TrialRepository extends JpaRepository<Trial, Long> {

	Page<Trial> findByJobId(UUID jobId, Pageable pageable);

	/** All trials of a job in ordinal order (to rebuild a job's state on resume). */
	List<Trial> findByJobIdOrderByOrdinalAsc(UUID jobId);

	/** The best trial: highest dev score, earliest on ties. */
	Optional<Trial> findFirstByJobIdOrderByDevScoreDescOrdinalAsc(UUID jobId);

	/** Stores the test score of a job's trial (the best one, scored once at the end). */
	@org.springframework.transaction.annotation.Transactional
	@org.springframework.data.jpa.repository.Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = "update trial set test_score = :testScore where job_id = :jobId and ordinal = :ordinal",
			nativeQuery = true)
	int updateTestScore(UUID jobId, int ordinal, double testScore);

	/** One trial of a job by ordinal. */
	Optional<Trial> findByJobIdAndOrdinal(UUID jobId, int ordinal);

	/**
	 * The trial that first scored an instruction (not a duplicate), whose answers a
	 * duplicate shows.
	 */
	default Optional<Trial> findFirstScoring(UUID jobId, String instructionHash, String instruction) {
		return findByJobIdAndInstructionHashAndDuplicateFalseOrderByOrdinalAsc(jobId, instructionHash).stream()
			.filter((t) -> t.instruction().equals(instruction))
			.findFirst();
	}

	List<Trial> findByJobIdAndInstructionHashAndDuplicateFalseOrderByOrdinalAsc(UUID jobId, String instructionHash);

	/** The strategy of a job, empty if the job does not exist. */
	@Query(value = "select strategy from job where id = :jobId", nativeQuery = true)
	Optional<String> findJobStrategy(UUID jobId);

}
