package dev.instructzero.generator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InstructZero's generator g served by vLLM: for a point z, the sequence [A·z reshaped to
 * [n, hidden] ; embedding-table rows of the text's tokens] is sent as
 * {@code prompt_embeds} to {@code /v1/completions}, decoded greedily, and the reply read
 * as the job's {@link PromptStyle} prescribes.
 *
 * <p>
 * Use {@link #prepare} once per job (it tokenises the text and reads the token rows),
 * then {@link #generate} once per z. Thread-safe.
 */
class SoftPromptInstructionGenerator implements InstructionGenerator, SoftPromptGenerator {

	private static final Logger logger = LoggerFactory.getLogger(SoftPromptInstructionGenerator.class);

	/** Bytes of text per token assumed by {@link #estimatePayloadBytes}. */
	static final int BYTES_PER_TOKEN_LOWER_BOUND = 3;

	private final VllmClient vllm;

	private final CheckpointEmbeddings checkpoint;

	private final GeneratorProperties properties;

	SoftPromptInstructionGenerator(VllmClient vllm, CheckpointEmbeddings checkpoint, GeneratorProperties properties) {
		this.vllm = vllm;
		this.checkpoint = checkpoint;
		this.properties = properties;
	}

	/**
	 * Prepares a job with a projection drawn from its seed, of the kind configured in
	 * {@code instructzero.generator.projection} and the hidden size of the checkpoint.
	 * Deterministic: the same seed, n, d and exemplars give the same context, so a
	 * resumed job can call this again.
	 * @param seed the job's seed
	 * @param softTokens n, soft tokens (the paper uses 5)
	 * @param intrinsicDimension d, dimension of z (the paper uses 10)
	 * @param exemplars the job's exemplars (k of them, drawn once per job), not empty
	 * @param style the text put after the soft prompt and how the reply is read
	 * @return the job's context
	 * @throws CheckpointException when the embedding table cannot be read
	 * @throws GenerationFailedException when tokenising fails or the sequence plus
	 * {@code max_tokens} exceeds the model's context length
	 * @throws IllegalArgumentException when exemplars is empty or a shape is not positive
	 */
	public SoftPromptJobContext prepare(long seed, int softTokens, int intrinsicDimension, List<Exemplar> exemplars,
			PromptStyle style) {
		EmbeddingTable table = this.checkpoint.table();
		GeneratorProperties.Projection projection = this.properties.projection();
		SoftPromptProjection a = switch (projection.kind()) {
			case UNIFORM -> SoftPromptProjection.uniform(seed, softTokens, table.hidden(), intrinsicDimension);
			case NORMAL -> SoftPromptProjection.normal(seed, softTokens, table.hidden(), intrinsicDimension,
					projection.alpha() * table.std() / Math.sqrt(intrinsicDimension));
		};
		return prepare(a, exemplars, style);
	}

	@Override
	public ForJob forJob(long seed, int softTokens, int intrinsicDimension, List<Exemplar> exemplars,
			PromptStyle style) {
		SoftPromptJobContext context = prepare(seed, softTokens, intrinsicDimension, exemplars, style);
		return new ForJob() {

			@Override
			public GeneratedInstruction generate(double[] z) {
				return SoftPromptInstructionGenerator.this.generate(new SoftPromptGenerationRequest(z, context));
			}

			@Override
			public long payloadBytes() {
				return context.payloadBytes();
			}

		};
	}

	/**
	 * Prepares a job with a given projection.
	 * @param projection the job's A; its hidden size must be the checkpoint's
	 * @param exemplars the job's exemplars, not empty
	 * @param style the text put after the soft prompt and how the reply is read
	 * @return the job's context
	 * @throws CheckpointException when the table cannot be read or its hidden size
	 * differs from the projection's
	 * @throws GenerationFailedException when tokenising fails, a token id is outside the
	 * table, or the sequence plus {@code max_tokens} exceeds the model's context length
	 * @throws IllegalArgumentException when exemplars is empty
	 */
	public SoftPromptJobContext prepare(SoftPromptProjection projection, List<Exemplar> exemplars, PromptStyle style) {
		Objects.requireNonNull(projection, "projection");
		Objects.requireNonNull(exemplars, "exemplars");
		Objects.requireNonNull(style, "style");
		EmbeddingTable table = this.checkpoint.table();
		if (table.hidden() != projection.hidden()) {
			throw new CheckpointException("hidden size mismatch: tensor " + table.tensor() + " in " + table.file()
					+ " has hidden size " + table.hidden() + " but the soft prompt has " + projection.hidden());
		}
		String text = ExemplarText.softPromptText(this.properties.prompt(), style, exemplars);
		VllmClient.Tokenized tokenized = this.vllm.tokenize(text);
		int[] ids = tokenized.tokens();
		int sequenceLength = projection.softTokens() + ids.length;
		int maxTokens = this.properties.vllm().maxTokens(style);
		logger.info(
				"Prepared soft-prompt generation ({} style): {} soft + {} text tokens = sequence length {}, hidden {}, "
						+ "max_tokens {}, max_model_len {}",
				style.wireName(), projection.softTokens(), ids.length, sequenceLength, table.hidden(), maxTokens,
				tokenized.maxModelLen());
		if (sequenceLength + maxTokens > tokenized.maxModelLen()) {
			throw new GenerationFailedException(GenerationFailedException.Reason.SEQUENCE_TOO_LONG,
					"sequence of " + sequenceLength + " embeddings (" + projection.softTokens() + " soft + "
							+ ids.length + " text tokens from " + exemplars.size() + " exemplars) plus max_tokens "
							+ maxTokens + " exceeds the model's max_model_len " + tokenized.maxModelLen()
							+ "; use fewer or shorter exemplars",
					0, null);
		}
		TensorDtype dtype = payloadDtype(table);
		ByteBuffer rows = ByteBuffer.allocate(ids.length * table.hidden() * dtype.bytes())
			.order(ByteOrder.LITTLE_ENDIAN);
		for (int id : ids) {
			if (id < 0 || id >= table.vocab()) {
				throw new GenerationFailedException(GenerationFailedException.Reason.BAD_RESPONSE,
						"vLLM returned token id " + id + " outside the " + table.vocab() + " rows of " + table.tensor()
								+ " in " + table.file() + "; is the checkpoint the one vLLM serves?",
						1, null);
			}
			if (dtype == table.dtype()) {
				table.copyRow(id, rows);
			}
			else {
				for (float v : table.row(id)) {
					dtype.put(rows, v);
				}
			}
		}
		return new SoftPromptJobContext(projection, style, maxTokens, exemplars, ids, rows.array(), dtype,
				tokenized.maxModelLen());
	}

	/**
	 * An upper estimate of one request's {@code prompt_embeds} tensor for these
	 * exemplars, before any tokenising: (n soft tokens + the rendered text's UTF-8 bytes
	 * / {@value #BYTES_PER_TOKEN_LOWER_BOUND} + 1) × hidden × payload dtype bytes.
	 * LLaMA-family tokenisers average about 4 bytes of English per token, so this
	 * over-estimates ordinary text.
	 * @param softTokens n
	 * @param style the job's prompt style (its template is part of the text)
	 * @param exemplars the exemplars, not empty
	 * @return bytes
	 * @throws CheckpointException when the embedding table (hidden size) cannot be read
	 */
	@Override
	public long estimatePayloadBytes(int softTokens, PromptStyle style, List<Exemplar> exemplars) {
		EmbeddingTable table = this.checkpoint.table();
		String text = ExemplarText.softPromptText(this.properties.prompt(), style, exemplars);
		long textTokens = Math.ceilDiv(text.getBytes(StandardCharsets.UTF_8).length, BYTES_PER_TOKEN_LOWER_BOUND) + 1;
		return (softTokens + textTokens) * table.hidden() * payloadDtype(table).bytes();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Sends one {@code /v1/completions} request with {@code prompt_embeds} of shape [n +
	 * token count, hidden], the context's {@code max_tokens} and temperature 0, and reads
	 * the reply as the context's style prescribes.
	 */
	@Override
	public GeneratedInstruction generate(SoftPromptGenerationRequest request) {
		SoftPromptJobContext context = request.context();
		SoftPromptProjection projection = context.projection();
		TensorDtype dtype = context.dtype();
		double[] soft = projection.apply(request.z());
		ByteBuffer softRows = ByteBuffer.allocate(soft.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
		for (double v : soft) {
			dtype.put(softRows, v);
		}
		byte[][] rows = { softRows.array(), context.tokenRows() };
		int sequenceLength = context.sequenceLength();
		logger.debug("Generating with prompt_embeds [{}, {}] {}", sequenceLength, projection.hidden(), dtype);
		// streamed: the token rows are shared by the job's requests, nothing else is
		// copied
		String reply = this.vllm.complete(
				(out) -> PromptEmbedsEncoder.writeBase64(dtype, sequenceLength, projection.hidden(), rows, out),
				context.maxTokens());
		return GeneratedInstruction.fromReply(context.style(), reply);
	}

	private TensorDtype payloadDtype(EmbeddingTable table) {
		return (this.properties.dtype() != null) ? this.properties.dtype() : table.dtype();
	}

}
