package dev.instructzero.trial;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * One evaluated candidate of a job: the soft prompt (absent for APE), the generator's raw
 * reply, the instruction read from it and its scores on the job's fixed dev subset.
 * Written once, when scored; only the best trial later gains a test score. A
 * {@linkplain #generationFailed() failed generation} (a reply with no usable instruction)
 * is recorded without a black-box call, scored 0 on every dev example, and is never the
 * best.
 */
@Entity
@Table(name = "trial")
public class Trial {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@SuppressWarnings("NullAway.Init") // by the database, on insert
	private Long id;

	@Column(name = "job_id", nullable = false)
	private UUID jobId;

	@Column(nullable = false)
	private int ordinal;

	@Column(nullable = false)
	private int iteration;

	@Column(nullable = false)
	private TrialOrigin origin;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(name = "soft_prompt", columnDefinition = "float8[]")
	private double @Nullable [] softPrompt;

	@Column(nullable = false)
	private String instruction;

	@Column(name = "raw_reply")
	private String rawReply;

	@Column(name = "generation_failed", nullable = false)
	private boolean generationFailed;

	@Column(name = "instruction_hash", nullable = false, length = 64)
	private String instructionHash;

	@Column(name = "dev_score", nullable = false)
	private double devScore;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(name = "example_scores", nullable = false, columnDefinition = "float8[]")
	private double[] exampleScores;

	@Column(name = "test_score")
	private @Nullable Double testScore;

	@Column(nullable = false)
	private boolean duplicate;

	@Column(name = "tokens_in", nullable = false)
	private long tokensIn;

	@Column(name = "tokens_out", nullable = false)
	private long tokensOut;

	@Column(name = "generation_ms")
	private @Nullable Long generationMs;

	@Column(name = "evaluation_ms")
	private @Nullable Long evaluationMs;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "instruction_tokens", nullable = false)
	private int instructionTokens;

	@Column(name = "generator_model")
	private @Nullable String generatorModel;

	@Column(name = "stopped_early", nullable = false)
	private boolean stoppedEarly;

	protected Trial() {
	}

	/**
	 * A scored trial.
	 * @param softPrompt the point z in [-1, 1]^d, or null for a text-only strategy
	 * @param rawReply the generator's reply the instruction was read from (storable: no
	 * NUL), or null when unknown
	 * @param exampleScores per-example metric on the dev subset, in the subset's order
	 */
	public Trial(UUID jobId, int ordinal, int iteration, TrialOrigin origin, double @Nullable [] softPrompt,
			String instruction, String rawReply, double devScore, double[] exampleScores, boolean duplicate,
			long tokensIn, long tokensOut, @Nullable Long generationMs, @Nullable Long evaluationMs,
			Instant createdAt) {
		this.jobId = jobId;
		this.ordinal = ordinal;
		this.iteration = iteration;
		this.origin = origin;
		this.softPrompt = (softPrompt != null) ? softPrompt.clone() : null;
		this.instruction = instruction;
		this.rawReply = rawReply;
		this.instructionHash = hash(instruction);
		this.instructionTokens = InstructionLength.tokens(instruction);
		this.devScore = devScore;
		this.exampleScores = exampleScores.clone();
		this.duplicate = duplicate;
		this.tokensIn = tokensIn;
		this.tokensOut = tokensOut;
		this.generationMs = generationMs;
		this.evaluationMs = evaluationMs;
		this.createdAt = createdAt;
	}

	/**
	 * A generation whose reply held no usable instruction: the instruction is empty, no
	 * black-box call is made, and every dev example scores 0, the floor of every metric,
	 * so the Gaussian process learns that this region of z yields nothing.
	 * @param rawReply the generator's reply (storable: no NUL)
	 * @param devExamples size of the job's dev subset
	 */
	public static Trial failedGeneration(UUID jobId, int ordinal, int iteration, TrialOrigin origin,
			double @Nullable [] softPrompt, String rawReply, int devExamples, @Nullable Long generationMs,
			Instant createdAt) {
		Trial trial = new Trial(jobId, ordinal, iteration, origin, softPrompt, "", rawReply, 0.0,
				new double[devExamples], false, 0, 0, generationMs, null, createdAt);
		trial.generationFailed = true;
		return trial;
	}

	/** SHA-256 hex of an instruction's UTF-8 text: the key of duplicate detection. */
	public static String hash(String instruction) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(instruction.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JRE", ex);
		}
	}

	/**
	 * Records the configured generator that wrote the instruction
	 * ({@code instructzero.generator.models[<name>]}); left null for APE.
	 * @return this trial
	 */
	public Trial generatedBy(@Nullable String generatorModel) {
		this.generatorModel = generatorModel;
		return this;
	}

	/**
	 * Marks this trial's instruction as stopped early by racing: its example scores are
	 * the first {@link #stage()} of the dev subset and its dev score their mean.
	 * @return this trial
	 */
	public Trial stopEarly() {
		this.stoppedEarly = true;
		return this;
	}

	/** Racing stopped this instruction before the whole dev subset. */
	public boolean stoppedEarly() {
		return this.stoppedEarly;
	}

	/**
	 * Dev examples this trial's instruction was scored on: the first {@code stage} of the
	 * dev subset (all of it unless {@link #stoppedEarly()}).
	 */
	public int stage() {
		return this.exampleScores.length;
	}

	public void recordTestScore(double testScore) {
		this.testScore = testScore;
	}

	public UUID jobId() {
		return this.jobId;
	}

	public int ordinal() {
		return this.ordinal;
	}

	public int iteration() {
		return this.iteration;
	}

	public TrialOrigin origin() {
		return this.origin;
	}

	public double @Nullable [] softPrompt() {
		return (this.softPrompt != null) ? this.softPrompt.clone() : null;
	}

	public String instruction() {
		return this.instruction;
	}

	/** The generator's reply, null for trials recorded before replies were kept. */
	public String rawReply() {
		return this.rawReply;
	}

	/** Whether the generator's reply held no usable instruction. */
	public boolean generationFailed() {
		return this.generationFailed;
	}

	/**
	 * Whether the trial may be the job's best: it has an instruction scored on the whole
	 * dev subset. The same filter as {@link TrialRepository#CONTENDERS} in SQL.
	 */
	public boolean contendsForBest() {
		return !this.generationFailed && !this.stoppedEarly;
	}

	public String instructionHash() {
		return this.instructionHash;
	}

	public double devScore() {
		return this.devScore;
	}

	public double[] exampleScores() {
		return this.exampleScores.clone();
	}

	public @Nullable Double testScore() {
		return this.testScore;
	}

	public boolean duplicate() {
		return this.duplicate;
	}

	public long tokensIn() {
		return this.tokensIn;
	}

	public long tokensOut() {
		return this.tokensOut;
	}

	public @Nullable Long generationMs() {
		return this.generationMs;
	}

	public @Nullable Long evaluationMs() {
		return this.evaluationMs;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	/**
	 * Tokens the instruction adds to every call that uses it, estimated by
	 * {@link InstructionLength#tokens}.
	 */
	public int instructionTokens() {
		return this.instructionTokens;
	}

	/** The generator that wrote the instruction, null for APE and older trials. */
	public @Nullable String generatorModel() {
		return this.generatorModel;
	}

}
