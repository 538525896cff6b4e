package dev.instructzero.evaluator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.instructzero.task.PromptTemplate;
import org.jspecify.annotations.Nullable;

/**
 * Identity of a black-box call for the cache: everything that decides the answer (model,
 * temperature, completion limit, every rendered message with its role).
 */
record CallKey(String model, @Nullable Double temperature, int maxTokens, List<PromptTemplate.Message> messages) {

	CallKey {
		if (messages == null || messages.isEmpty()) {
			throw new IllegalArgumentException("a call needs at least one message");
		}
		messages = List.copyOf(messages);
	}

	/** A call of one user message (APE's template). */
	CallKey(String model, Double temperature, int maxTokens, String prompt) {
		this(model, temperature, maxTokens, List.of(new PromptTemplate.Message(PromptTemplate.Role.USER, prompt)));
	}

	/**
	 * The prompt as one text, for the cache's {@code prompt} column and the budget's
	 * token bound: the message itself for a single user message, else each message as
	 * {@code [role]} on a line followed by its content, separated by blank lines.
	 */
	String prompt() {
		if (isSingleUserMessage()) {
			return this.messages.get(0).content();
		}
		StringBuilder text = new StringBuilder();
		for (PromptTemplate.Message message : this.messages) {
			if (!text.isEmpty()) {
				text.append("\n\n");
			}
			text.append('[').append(message.role().wireName()).append("]\n").append(message.content());
		}
		return text.toString();
	}

	/**
	 * SHA-256 hex of a canonical encoding. Each field is length-prefixed so that no two
	 * different calls encode alike; an omitted temperature encodes as {@code none}. A
	 * single user message keeps the {@code v1} encoding of the time before templates, so
	 * cached APE calls stay valid; any other template encodes every role and content
	 * ({@code v2}).
	 */
	String hash() {
		String temperatureText = (this.temperature != null) ? Double.toString(this.temperature) : "none";
		List<String> fields = new ArrayList<>();
		if (isSingleUserMessage()) {
			fields.addAll(List.of("v1", this.model, temperatureText, Integer.toString(this.maxTokens),
					this.messages.get(0).content()));
		}
		else {
			fields.addAll(List.of("v2", this.model, temperatureText, Integer.toString(this.maxTokens),
					Integer.toString(this.messages.size())));
			for (PromptTemplate.Message message : this.messages) {
				fields.add(message.role().wireName());
				fields.add(message.content());
			}
		}
		StringBuilder canonical = new StringBuilder();
		for (String field : fields) {
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

	private boolean isSingleUserMessage() {
		return this.messages.size() == 1 && this.messages.get(0).role() == PromptTemplate.Role.USER;
	}

}
