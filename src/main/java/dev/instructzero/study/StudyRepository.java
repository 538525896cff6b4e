package dev.instructzero.study;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Studies and their arm × seed jobs (tables {@code study}, {@code study_job}). */
@Repository
class StudyRepository {

	private final JdbcClient jdbc;

	StudyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A stored study.
	 *
	 * @param spec the accepted request as JSON
	 * @param seeds the seeds of every arm, in order
	 * @param baseline index of the baseline arm
	 */
	record StudyRow(UUID id, String owner, UUID taskId, String spec, List<Long> seeds, int baseline,
			Instant createdAt) {
	}

	/**
	 * One arm × seed job.
	 *
	 * @param overrides JSON object: the arm's grid key → value
	 */
	record StudyJobRow(int arm, String armName, String overrides, long seed, UUID jobId) {
	}

	void insert(StudyRow study) {
		this.jdbc
			.sql("insert into study (id, owner, task_id, spec, seeds, baseline, created_at) "
					+ "values (?, ?, ?, ?::jsonb, ?::bigint[], ?, ?)")
			.params(study.id(), study.owner(), study.taskId(), study.spec(),
					study.seeds().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")),
					study.baseline(), java.sql.Timestamp.from(study.createdAt()))
			.update();
	}

	void insertJob(UUID studyId, StudyJobRow job) {
		this.jdbc.sql(
				"insert into study_job (study_id, arm, arm_name, overrides, seed, job_id) values (?, ?, ?, ?::jsonb, ?, ?)")
			.params(studyId, job.arm(), job.armName(), job.overrides(), job.seed(), job.jobId())
			.update();
	}

	Optional<StudyRow> find(UUID id) {
		return this.jdbc
			.sql("select id, owner, task_id, spec::text as spec, seeds, baseline, created_at from study where id = ?")
			.param(id)
			.query(StudyRepository::study)
			.optional();
	}

	/** The studies of {@code owner} (every study when null), newest first. */
	List<StudyRow> list(@Nullable String owner, int limit, long offset) {
		String where = (owner != null) ? " where owner = :owner" : "";
		JdbcClient.StatementSpec statement = this.jdbc
			.sql("select id, owner, task_id, spec::text as spec, seeds, baseline, created_at from study" + where
					+ " order by created_at desc, id limit :limit offset :offset")
			.param("limit", limit)
			.param("offset", offset);
		if (owner != null) {
			statement = statement.param("owner", owner);
		}
		return statement.query(StudyRepository::study).list();
	}

	long count(@Nullable String owner) {
		return (owner != null)
				? this.jdbc.sql("select count(*) from study where owner = ?").param(owner).query(Long.class).single()
				: this.jdbc.sql("select count(*) from study").query(Long.class).single();
	}

	/** The study's jobs by arm, then seed order. */
	List<StudyJobRow> jobs(UUID studyId) {
		return this.jdbc.sql("""
				select sj.arm, sj.arm_name, sj.overrides::text as overrides, sj.seed, sj.job_id
				from study_job sj join study s on s.id = sj.study_id
				where sj.study_id = ?
				order by sj.arm, array_position(s.seeds, sj.seed)""")
			.param(studyId)
			.query((rs, n) -> new StudyJobRow(rs.getInt("arm"), rs.getString("arm_name"), rs.getString("overrides"),
					rs.getLong("seed"), rs.getObject("job_id", UUID.class)))
			.list();
	}

	private static StudyRow study(ResultSet rs, int row) throws SQLException {
		Array seeds = rs.getArray("seeds");
		return new StudyRow(rs.getObject("id", UUID.class), rs.getString("owner"), rs.getObject("task_id", UUID.class),
				rs.getString("spec"), Arrays.asList((Long[]) seeds.getArray()), rs.getInt("baseline"),
				rs.getTimestamp("created_at").toInstant());
	}

}
