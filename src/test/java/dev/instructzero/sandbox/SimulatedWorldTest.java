package dev.instructzero.sandbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import dev.instructzero.evaluator.CallPurpose;
import dev.instructzero.evaluator.ChatCall;
import dev.instructzero.task.PromptTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The simulation is deterministic, its regions give instructions of different quality in
 * several wordings, and its black box answers right at each instruction's accuracy.
 */
class SimulatedWorldTest {

	private final SimulatedWorld world = new SimulatedWorld();

	@Test
	void softPromptsMapDeterministicallyToPoolInstructionsOfDifferentQualityWithParaphrases() {
		SplittableRandom random = new SplittableRandom(1);
		Set<String> seen = new HashSet<>();
		Set<Double> accuracies = new HashSet<>();
		for (int i = 0; i < 400; i++) {
			double[] z = random.doubles(10, -1, 1).toArray();
			String instruction = this.world.instruction(42, z);
			assertThat(new SimulatedWorld().instruction(42, z)).isEqualTo(instruction);
			seen.add(instruction);
			accuracies.add(this.world.accuracy(instruction).orElseThrow());
		}
		assertThat(seen).hasSizeGreaterThan(12);
		assertThat(accuracies.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
				- accuracies.stream().mapToDouble(Double::doubleValue).min().orElseThrow())
			.isGreaterThan(0.5);
		// another seed, another layout
		double[] z = new SplittableRandom(2).doubles(10, -1, 1).toArray();
		long differing = new SplittableRandom(3).longs(20)
			.filter((seed) -> !this.world.instruction(seed, z).equals(this.world.instruction(42, z)))
			.count();
		assertThat(differing).isPositive();
	}

	@Test
	void theBlackBoxAnswersRightAtTheInstructionsAccuracy() {
		SimulatedBlackBoxChat chat = new SimulatedBlackBoxChat(this.world);
		String instruction = this.world.instruction(5, new double[] { 0.1, -0.2, 0.3 });
		double accuracy = this.world.accuracy(instruction).orElseThrow();
		int right = 0;
		int n = 2000;
		for (int i = 0; i < n; i++) {
			String prompt = "Instruction: " + instruction + "\n\nInput: item" + i + "\nOutput:";
			ChatCall call = new ChatCall("sandbox-simulated",
					List.of(new PromptTemplate.Message(PromptTemplate.Role.USER, prompt)), 0.0, 16, false,
					CallPurpose.EVALUATION, List.of("expected" + i));
			String answer = chat.complete(call).text();
			assertThat(chat.complete(call).text()).isEqualTo(answer);
			right += answer.equals("expected" + i) ? 1 : 0;
		}
		assertThat(right / (double) n).isCloseTo(accuracy, within(0.04));
	}

	@Test
	void theSimulatedJudgeGradesAgainstTheListedOutputs() {
		SimulatedBlackBoxChat chat = new SimulatedBlackBoxChat(this.world);
		String user = "Rubric:\nexact\n\nInput:\nhot\n\nExpected output (any of these is right):\n- cold\n- chilly"
				+ "\n\nAnswer to grade:\n";
		assertThat(judge(chat, user + "Chilly ")).isEqualTo("SCORE: 1");
		assertThat(judge(chat, user + "warm")).isEqualTo("SCORE: 0");
	}

	private static String judge(SimulatedBlackBoxChat chat, String user) {
		return chat
			.complete(new ChatCall("judge",
					List.of(new PromptTemplate.Message(PromptTemplate.Role.SYSTEM, "You grade one answer"),
							new PromptTemplate.Message(PromptTemplate.Role.USER, user)),
					0.0, 16, false, CallPurpose.JUDGE, null))
			.text();
	}

}
