package dev.instructzero.evaluator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One sampled completion from the black box (an APE proposal).
 *
 * @param model the model; {@code null} means {@code instructzero.evaluator.default-model}
 * @param prompt the single user message
 * @param temperature sampling temperature
 * @param maxTokens completion token limit, positive
 * @param sample identity of this sample (e.g. the job's seed and the candidate's
 * ordinal): part of the cache key, so two samples of one prompt are two calls while the
 * same sample asked again (a resumed job) is a cache hit
 */
public record SampledCompletion(String model, String prompt, double temperature, int maxTokens, String sample) {

	public SampledCompletion {
		if (prompt == null || prompt.isEmpty()) {
			throw new IllegalArgumentException("a completion needs a prompt");
		}
		if (maxTokens < 1) {
			throw new IllegalArgumentException("maxTokens must be positive");
		}
		if (sample == null) {
			throw new IllegalArgumentException("a sampled completion needs a sample identity");
		}
	}

	/** The cache key of this sample of the call whose plain key is {@code callHash}. */
	String keyOf(String callHash) {
		String canonical = "sample-v1\n" + callHash + "\n" + this.sample.length() + ":" + this.sample;
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

}
