package dev.instructzero.task;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One input with its acceptable outputs (any of them counts as correct), in the train or
 * test split of a task.
 */
@Embeddable
public class TaskExample {

	@Column(nullable = false, length = 8)
	private String split;

	@Column(nullable = false)
	private String input;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(nullable = false, columnDefinition = "text[]")
	private String[] outputs;

	protected TaskExample() {
	}

	TaskExample(Split split, String input, List<String> outputs) {
		this.split = split.dbName;
		this.input = input;
		this.outputs = outputs.toArray(String[]::new);
	}

	public Split split() {
		return Split.TEST.dbName.equals(this.split) ? Split.TEST : Split.TRAIN;
	}

	public String input() {
		return this.input;
	}

	/** The acceptable outputs, at least one. */
	public List<String> outputs() {
		return List.of(this.outputs);
	}

	/** Which part of a task an example belongs to. */
	public enum Split {

		/** Divided per job into the exemplar pool and the dev pool. */
		TRAIN("train"),
		/** Held out; used only to score a job's best instruction. */
		TEST("test");

		private final String dbName;

		Split(String dbName) {
			this.dbName = dbName;
		}

	}

}
