package dev.instructzero.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import dev.instructzero.evaluator.BlackBoxChat;
import dev.instructzero.evaluator.CallPurpose;
import dev.instructzero.evaluator.ChatCall;
import dev.instructzero.evaluator.ChatReply;
import dev.instructzero.task.PromptTemplate;

/**
 * The sandbox's black box, in process: an evaluation call is answered from the
 * {@link SimulatedWorld} (the pool instruction found in the rendered prompt, right with
 * that instruction's accuracy); a judge call grades the answer against the expected
 * outputs it lists; a generation call (APE) proposes pool instructions in turn. Token
 * counts are estimated at 4 characters per token; nothing is sent anywhere.
 */
final class SimulatedBlackBoxChat implements BlackBoxChat {

	private final SimulatedWorld world;

	private final AtomicLong proposals = new AtomicLong();

	SimulatedBlackBoxChat(SimulatedWorld world) {
		this.world = world;
	}

	@Override
	public ChatReply complete(ChatCall call) {
		String prompt = text(call.messages());
		String reply = switch ((call.purpose() != null) ? call.purpose() : CallPurpose.EVALUATION) {
			case EVALUATION -> this.world.answer(this.world.instructionIn(prompt), prompt, call.reference());
			case JUDGE -> judge(call.messages());
			case GENERATION -> this.world.poolInstruction(prompt.hashCode() + this.proposals.getAndIncrement());
		};
		return new ChatReply(reply, "stop", prompt.length() / 4 + 1, reply.length() / 4 + 1);
	}

	private static String text(List<PromptTemplate.Message> messages) {
		StringBuilder text = new StringBuilder();
		for (PromptTemplate.Message message : messages) {
			text.append(message.content()).append('\n');
		}
		return text.toString();
	}

	/**
	 * 1 when the graded answer equals one of the listed expected outputs (ignoring case
	 * and surrounding space), else 0, in the judge's reply format.
	 */
	private static String judge(List<PromptTemplate.Message> messages) {
		String user = messages.stream()
			.filter((m) -> m.role() == PromptTemplate.Role.USER)
			.map(PromptTemplate.Message::content)
			.findFirst()
			.orElse("");
		List<String> expected = new ArrayList<>();
		int listed = user.indexOf("Expected output (any of these is right):");
		int graded = user.indexOf("\n\nAnswer to grade:\n");
		if (listed < 0 || graded < listed) {
			return "SCORE: 0";
		}
		for (String line : user.substring(listed, graded).split("\n")) {
			if (line.startsWith("- ")) {
				expected.add(normal(line.substring(2)));
			}
		}
		String answer = normal(user.substring(graded + "\n\nAnswer to grade:\n".length()));
		return expected.contains(answer) ? "SCORE: 1" : "SCORE: 0";
	}

	private static String normal(String text) {
		return text.strip().toLowerCase(Locale.ROOT);
	}

}
