package dev.instructzero.trial;

import java.sql.Array;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The answers behind trial scores (table {@code trial_answer}): per job, trial ordinal
 * and split ({@code dev} or {@code test}), one row per example. Written in the
 * transaction that stores the trial or its test score, never changed afterwards.
 */
@Repository
public class TrialAnswerRepository {

	/** The split of the job's fixed dev subset. */
	public static final String DEV = "dev";

	/** The split of the task's held-out test examples. */
	public static final String TEST = "test";

	private final JdbcClient jdbc;

	TrialAnswerRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores the answers of one evaluation; a second store of the same rows is ignored.
	 */
	public void insert(UUID jobId, int ordinal, String split, List<ExampleAnswer> answers) {
		for (ExampleAnswer answer : answers) {
			this.jdbc.sql("""
					insert into trial_answer (job_id, ordinal, split, example_index, input, outputs, answer, score,
					                          verdict)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)
					on conflict do nothing
					""")
				.params(jobId, ordinal, split, answer.index(), answer.input(), answer.outputs().toArray(String[]::new),
						answer.answer(), answer.score(), answer.verdict())
				.update();
		}
	}

	/** The answers of one evaluation in example order, empty if none were stored. */
	List<ExampleAnswer> find(UUID jobId, int ordinal, String split) {
		return this.jdbc.sql("""
				select example_index, input, outputs, answer, score, verdict from trial_answer
				where job_id = ? and ordinal = ? and split = ? order by example_index
				""").params(jobId, ordinal, split).query((rs, row) -> {
			Array outputs = rs.getArray("outputs");
			List<String> texts = Arrays.asList((String[]) outputs.getArray());
			return new ExampleAnswer(rs.getInt("example_index"), rs.getString("input"), texts, rs.getString("answer"),
					rs.getDouble("score"), rs.getString("verdict"));
		}).list();
	}

}
