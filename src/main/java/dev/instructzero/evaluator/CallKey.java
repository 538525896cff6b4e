package dev.instructzero.evaluator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identity of a black-box call for the cache: everything that decides the answer (model,
 * temperature, completion limit, full prompt).
 */
record CallKey(String model, Double temperature, int maxTokens, String prompt) {

	/**
	 * SHA-256 hex of a canonical encoding. Each field is length-prefixed so that no two
	 * different calls encode alike; an omitted temperature encodes as {@code none}.
	 */
	String hash() {
		String temperatureText = (this.temperature != null) ? Double.toString(this.temperature) : "none";
		StringBuilder canonical = new StringBuilder();
		for (String field : new String[] { "v1", this.model, temperatureText, Integer.toString(this.maxTokens),
				this.prompt }) {
			canonical.append(field.length()).append(':').append(field).append('\n');
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

}
