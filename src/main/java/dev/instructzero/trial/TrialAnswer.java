package dev.instructzero.trial;

import java.io.Serializable;
import java.util.Arrays;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * One stored answer behind a trial's score (table {@code trial_answer}); written in bulk
 * by {@link TrialAnswerRepository#insert}, read as an {@link ExampleAnswer}, never
 * changed.
 */
@Entity
@Table(name = "trial_answer")
@IdClass(TrialAnswer.Key.class)
class TrialAnswer {

	@Id
	@Column(name = "job_id", nullable = false)
	private UUID jobId;

	@Id
	@Column(nullable = false)
	private int ordinal;

	@Id
	@Column(nullable = false, length = 4)
	private String split;

	@Id
	@Column(name = "example_index", nullable = false)
	private int exampleIndex;

	@Column(nullable = false)
	private String input;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(nullable = false, columnDefinition = "text[]")
	private String[] outputs;

	@Column(nullable = false)
	private String answer;

	@Column(nullable = false)
	private double score;

	@Column
	private @Nullable String verdict;

	@SuppressWarnings("NullAway.Init") // for JPA, which fills every field
	protected TrialAnswer() {
	}

	ExampleAnswer toExampleAnswer() {
		return new ExampleAnswer(this.exampleIndex, this.input, Arrays.asList(this.outputs), this.answer, this.score,
				this.verdict);
	}

	/** The primary key: job, trial ordinal, split and example. */
	record Key(UUID jobId, int ordinal, String split, int exampleIndex) implements Serializable {
	}

}
