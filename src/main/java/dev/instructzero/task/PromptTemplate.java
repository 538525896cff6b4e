package dev.instructzero.task;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * How a task asks the black box: chat messages whose texts may hold {@value #INSTRUCTION}
 * (exactly once in the whole template) and {@value #INPUT} (at least once). Few-shot
 * turns are plain messages without placeholders. The same template renders every dev,
 * final and test prompt of a job. {@link #APE} is the default: APE's single user message.
 *
 * @param messages the messages in order, not empty
 */
public record PromptTemplate(List<Message> messages) {

	public static final String INSTRUCTION = "{instruction}";

	public static final String INPUT = "{input}";

	/** APE's zero-shot template (Zhou et al., 2023), one user message. */
	public static final PromptTemplate APE = new PromptTemplate(
			List.of(new Message(Role.USER, "Instruction: " + INSTRUCTION + "\n\nInput: " + INPUT + "\nOutput:")));

	public PromptTemplate {
		if (messages == null || messages.isEmpty()) {
			throw new IllegalArgumentException("a prompt template needs at least one message");
		}
		messages = List.copyOf(messages);
	}

	/**
	 * The messages for {@code instruction} on {@code input}: both placeholders replaced
	 * in one pass, so placeholder-like text inside the instruction or the input stays as
	 * it is.
	 */
	public List<Message> render(String instruction, String input) {
		List<Message> rendered = new ArrayList<>(this.messages.size());
		for (Message message : this.messages) {
			rendered.add(new Message(message.role(), fill(message.content(), instruction, input)));
		}
		return List.copyOf(rendered);
	}

	private static String fill(String content, String instruction, String input) {
		StringBuilder out = new StringBuilder(content.length() + instruction.length() + input.length());
		int i = 0;
		while (i < content.length()) {
			if (content.startsWith(INSTRUCTION, i)) {
				out.append(instruction);
				i += INSTRUCTION.length();
			}
			else if (content.startsWith(INPUT, i)) {
				out.append(input);
				i += INPUT.length();
			}
			else {
				out.append(content.charAt(i++));
			}
		}
		return out.toString();
	}

	/** Occurrences of {@code placeholder} in the whole template. */
	int count(String placeholder) {
		int count = 0;
		for (Message message : this.messages) {
			for (int at = message.content().indexOf(placeholder); at >= 0; at = message.content()
				.indexOf(placeholder, at + placeholder.length())) {
				count++;
			}
		}
		return count;
	}

	/**
	 * One chat message.
	 *
	 * @param role who speaks
	 * @param content the text, with placeholders in a template
	 */
	public record Message(Role role, String content) {

		public Message {
			if (role == null || content == null) {
				throw new IllegalArgumentException("a message needs a role and a content");
			}
		}

	}

	/** The chat roles of the OpenAI chat completions API that a template may use. */
	public enum Role {

		SYSTEM("system"), USER("user"), ASSISTANT("assistant");

		private final String wireName;

		Role(String wireName) {
			this.wireName = wireName;
		}

		@JsonValue
		public String wireName() {
			return this.wireName;
		}

		/** The role of a wire name, or {@code null} when there is none. */
		@JsonCreator
		public static @Nullable Role fromWireName(@Nullable String name) {
			for (Role role : values()) {
				if (role.wireName.equals(name)) {
					return role;
				}
			}
			return null;
		}

	}

}
