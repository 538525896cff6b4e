package dev.instructzero.evaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.instructzero.task.PromptTemplate.Message;
import dev.instructzero.task.PromptTemplate.Role;

/**
 * The {@code llm_judge} metric's conversation with the judge model: a system message that
 * fixes the reply format, and a user message with the task's rubric, the example's input,
 * its acceptable outputs and the black box's answer. The judge must reply with exactly
 * {@code SCORE: <number in [0, 1]>}; anything else is unreadable, answered once more with
 * a reminder ({@link #reminder}), and then scored 0.
 */
final class JudgePrompt {

	/** Enough for {@code SCORE: 0.75}; a longer reply is cut and unreadable. */
	static final int MAX_TOKENS = 16;

	static final String SYSTEM = "You grade one answer of an AI assistant against the expected output, following "
			+ "the rubric. Reply with exactly one line and nothing else: SCORE: <a number from 0 to 1>, where 1 "
			+ "means fully right and 0 means wrong.";

	static final String REMINDER = "Your reply could not be read. Reply with exactly one line: SCORE: <a number "
			+ "from 0 to 1>";

	private static final Pattern SCORE = Pattern.compile("\\s*SCORE:\\s*(0(?:\\.\\d+)?|1(?:\\.0+)?|\\.\\d+)\\s*");

	private JudgePrompt() {
	}

	/** The first conversation about one answer. */
	static List<Message> render(String rubric, String input, List<String> outputs, String answer) {
		StringBuilder user = new StringBuilder();
		user.append("Rubric:\n").append(rubric).append("\n\nInput:\n").append(input);
		user.append("\n\nExpected output (any of these is right):");
		for (String output : outputs) {
			user.append("\n- ").append(output);
		}
		user.append("\n\nAnswer to grade:\n").append(answer);
		return List.of(new Message(Role.SYSTEM, SYSTEM), new Message(Role.USER, user.toString()));
	}

	/**
	 * The conversation of the one retry: the unreadable reply and a reminder of the
	 * format.
	 */
	static List<Message> reminder(List<Message> first, String unreadableReply) {
		List<Message> messages = new ArrayList<>(first);
		messages.add(new Message(Role.ASSISTANT, unreadableReply));
		messages.add(new Message(Role.USER, REMINDER));
		return List.copyOf(messages);
	}

	/**
	 * The score of a reply, empty when the reply is not exactly {@code SCORE: <0..1>}.
	 */
	static OptionalDouble parse(String reply) {
		Matcher matcher = SCORE.matcher((reply != null) ? reply : "");
		if (!matcher.matches()) {
			return OptionalDouble.empty();
		}
		return OptionalDouble.of(Double.parseDouble(matcher.group(1)));
	}

}
