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

	/** Trials of a job whose generation failed (true) or produced an instruction. */
	Page<Trial> findByJobIdAndGenerationFailed(UUID jobId, boolean generationFailed, Pageable pageable);

	/** All trials of a job in ordinal order (to rebuild a job's state on resume). */
	List<Trial> findByJobIdOrderByOrdinalAsc(UUID jobId);

	/**
	 * The order of the search: highest dev score first, earliest ordinal on ties (served
	 * by the index trial_job_score_idx).
	 */
	String BY_DEV_SCORE = "dev_score desc, ordinal asc";

	/**
	 * The trials the best is chosen from: an instruction scored on the whole dev subset
	 * (as {@link Trial#contendsForBest()}).
	 */
	String CONTENDERS = "not generation_failed and not stopped_early";

	/**
	 * THE best trial of a job, the one definition every reader uses: the final choice
	 * once the final selection has made one, before that the first trial by
	 * {@link #BY_DEV_SCORE} among trials with an instruction.
	 */
	@Query(value = "select * from trial where job_id = :jobId and ordinal = coalesce("
			+ "(select ordinal from final_candidate where job_id = :jobId and chosen), "
			+ "(select ordinal from trial where job_id = :jobId and " + CONTENDERS + " order by " + BY_DEV_SCORE
			+ " limit 1))", nativeQuery = true)
	Optional<Trial> findBest(UUID jobId);

	/**
	 * The first {@code limit} distinct instructions of a job by {@link #BY_DEV_SCORE},
	 * each as its earliest trial (later trials of the same instruction repeat its scores;
	 * the earliest is also the one {@link #findBest} names while the dev score decides).
	 */
	@Query(value = "select * from (select distinct on (instruction_hash) * from trial where job_id = :jobId" + " and "
			+ CONTENDERS + " order by instruction_hash, ordinal)" + " as first_of_instruction order by " + BY_DEV_SCORE
			+ " limit :limit", nativeQuery = true)
	List<Trial> findTopDistinct(UUID jobId, int limit);

	/** Distinct instructions of a job that racing stopped early. */
	@Query(value = "select count(*) from trial where job_id = :jobId and stopped_early and not duplicate",
			nativeQuery = true)
	long countStoppedEarly(UUID jobId);

	/**
	 * Dev examples that the job's stopped-early instructions were not scored on: the
	 * answer calls full evaluation would have paid on top.
	 */
	@Query(value = "select coalesce(sum(full_stage.size - cardinality(t.example_scores)), 0) from trial t,"
			+ " (select max(cardinality(example_scores)) as size from trial where job_id = :jobId) full_stage"
			+ " where t.job_id = :jobId and t.stopped_early and not t.duplicate", nativeQuery = true)
	long countCallsSavedByRacing(UUID jobId);

	/** Stores the test score of a job's trial (the best one, scored once at the end). */
	@org.springframework.transaction.annotation.Transactional
	@org.springframework.data.jpa.repository.Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query(value = "update trial set test_score = :testScore where job_id = :jobId and ordinal = :ordinal",
			nativeQuery = true)
	int updateTestScore(UUID jobId, int ordinal, double testScore);

	/** The ordinals of a job's trials, in no particular order. */
	@Query("select t.ordinal from Trial t where t.jobId = :jobId")
	List<Integer> findOrdinalsByJobId(UUID jobId);

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

}
