package dev.instructzero.trial;

import java.time.Instant;
import java.util.UUID;

import dev.instructzero.task.ScoreInterval;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One candidate of a job's final selection: a top instruction by dev score, re-scored on
 * dev-pool examples beyond the fixed dev subset. Its wider evaluation covers the trial's
 * subset scores and the extra scores. Written once, when the extra examples are scored;
 * the final choice is then flagged as chosen.
 */
@Entity
@Table(name = "final_candidate")
public class FinalCandidate {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@SuppressWarnings("NullAway.Init") // by the database, on insert
	private Long id;

	@Column(name = "job_id", nullable = false)
	private UUID jobId;

	@Column(nullable = false)
	private int ordinal;

	@Column(name = "dev_rank", nullable = false)
	private int devRank;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(name = "extra_scores", nullable = false, columnDefinition = "float8[]")
	private double[] extraScores;

	@Column(name = "wider_score", nullable = false)
	private double widerScore;

	@Column(name = "wider_examples", nullable = false)
	private int widerExamples;

	@Column(name = "interval_low", nullable = false)
	private double intervalLow;

	@Column(name = "interval_high", nullable = false)
	private double intervalHigh;

	@Column(name = "interval_method", nullable = false)
	private String intervalMethod;

	@Column(nullable = false)
	private boolean chosen;

	@Column(name = "tokens_in", nullable = false)
	private long tokensIn;

	@Column(name = "tokens_out", nullable = false)
	private long tokensOut;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected FinalCandidate() {
	}

	/**
	 * @param ordinal the candidate's trial (the first trial of its instruction)
	 * @param devRank 1 for the highest dev score
	 * @param extraScores per-example scores on the extra examples, in the split's order
	 * @param widerScore mean over the subset and the extra examples
	 * @param widerExamples subset size plus number of extra examples
	 * @param interval 95% interval of {@code widerScore}
	 */
	public FinalCandidate(UUID jobId, int ordinal, int devRank, double[] extraScores, double widerScore,
			int widerExamples, ScoreInterval interval, long tokensIn, long tokensOut, Instant createdAt) {
		this.jobId = jobId;
		this.ordinal = ordinal;
		this.devRank = devRank;
		this.extraScores = extraScores.clone();
		this.widerScore = widerScore;
		this.widerExamples = widerExamples;
		this.intervalLow = interval.low();
		this.intervalHigh = interval.high();
		this.intervalMethod = interval.method().wireName();
		this.tokensIn = tokensIn;
		this.tokensOut = tokensOut;
		this.createdAt = createdAt;
	}

	public UUID jobId() {
		return this.jobId;
	}

	public int ordinal() {
		return this.ordinal;
	}

	public int devRank() {
		return this.devRank;
	}

	public double[] extraScores() {
		return this.extraScores.clone();
	}

	public double widerScore() {
		return this.widerScore;
	}

	public int widerExamples() {
		return this.widerExamples;
	}

	public ScoreInterval interval() {
		return new ScoreInterval(this.intervalLow, this.intervalHigh,
				ScoreInterval.Method.fromWireName(this.intervalMethod));
	}

	public boolean chosen() {
		return this.chosen;
	}

	public long tokensIn() {
		return this.tokensIn;
	}

	public long tokensOut() {
		return this.tokensOut;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

}
