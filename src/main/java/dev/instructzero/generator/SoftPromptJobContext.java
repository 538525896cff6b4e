package dev.instructzero.generator;

import java.util.List;

/**
 * What stays fixed for all generations of one job, prepared once by
 * {@link SoftPromptInstructionGenerator#prepare}: the projection A, the prompt style and
 * its new-token count, the exemplars, the text's token ids and their embedding-table
 * rows, already in the payload dtype. Immutable and safe to share between threads. Holds
 * about token count × hidden × dtype bytes (e.g. 300 tokens of Vicuna-13B in fp16: 3 MB).
 */
final class SoftPromptJobContext {

	private final SoftPromptProjection projection;

	private final PromptStyle style;

	private final int maxTokens;

	private final List<Exemplar> exemplars;

	private final int[] tokenIds;

	private final byte[] tokenRows;

	private final TensorDtype dtype;

	private final int maxModelLen;

	SoftPromptJobContext(SoftPromptProjection projection, PromptStyle style, int maxTokens, List<Exemplar> exemplars,
			int[] tokenIds, byte[] tokenRows, TensorDtype dtype, int maxModelLen) {
		this.projection = projection;
		this.style = style;
		this.maxTokens = maxTokens;
		this.exemplars = List.copyOf(exemplars);
		this.tokenIds = tokenIds.clone();
		this.tokenRows = tokenRows;
		this.dtype = dtype;
		this.maxModelLen = maxModelLen;
	}

	/** The job's projection A. */
	public SoftPromptProjection projection() {
		return this.projection;
	}

	/** How the model is asked and its reply read. */
	public PromptStyle style() {
		return this.style;
	}

	/** New tokens per generation ({@code max_tokens}). */
	public int maxTokens() {
		return this.maxTokens;
	}

	/** The exemplars shown to the model. */
	public List<Exemplar> exemplars() {
		return this.exemplars;
	}

	/** The text's token ids, BOS first. */
	public int[] tokenIds() {
		return this.tokenIds.clone();
	}

	/** seq_len = n soft tokens + text tokens. */
	public int sequenceLength() {
		return this.projection.softTokens() + this.tokenIds.length;
	}

	/**
	 * Bytes of one request's {@code prompt_embeds} tensor: seq_len × hidden × dtype
	 * bytes.
	 */
	public long payloadBytes() {
		return (long) sequenceLength() * this.projection.hidden() * this.dtype.bytes();
	}

	/** The model's context length, from {@code /tokenize}. */
	public int maxModelLen() {
		return this.maxModelLen;
	}

	/** Element type of the payload. */
	public TensorDtype dtype() {
		return this.dtype;
	}

	byte[] tokenRows() {
		return this.tokenRows;
	}

}
