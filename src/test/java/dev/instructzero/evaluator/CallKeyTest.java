package dev.instructzero.evaluator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallKeyTest {

	private static final CallKey BASE = new CallKey("gpt-test", 0.0, 256, "Instruction: a\n\nInput: b\nOutput:");

	@Test
	void isAStableSha256Hex() {
		assertThat(BASE.hash()).hasSize(64)
			.matches("[0-9a-f]{64}")
			.isEqualTo(new CallKey("gpt-test", 0.0, 256, "Instruction: a\n\nInput: b\nOutput:").hash());
	}

	@Test
	void everyFieldChangesTheKey() {
		assertThat(new CallKey("gpt-other", 0.0, 256, BASE.prompt()).hash()).isNotEqualTo(BASE.hash());
		assertThat(new CallKey("gpt-test", 0.7, 256, BASE.prompt()).hash()).isNotEqualTo(BASE.hash());
		assertThat(new CallKey("gpt-test", null, 256, BASE.prompt()).hash()).isNotEqualTo(BASE.hash());
		assertThat(new CallKey("gpt-test", 0.0, 128, BASE.prompt()).hash()).isNotEqualTo(BASE.hash());
		assertThat(new CallKey("gpt-test", 0.0, 256, BASE.prompt() + " ").hash()).isNotEqualTo(BASE.hash());
	}

	@Test
	void fieldBoundariesCannotBeShifted() {
		assertThat(new CallKey("ab", 0.0, 256, "c").hash()).isNotEqualTo(new CallKey("a", 0.0, 256, "bc").hash());
	}

}
