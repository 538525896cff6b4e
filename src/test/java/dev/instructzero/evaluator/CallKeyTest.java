package dev.instructzero.evaluator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import dev.instructzero.task.PromptTemplate;
import dev.instructzero.task.PromptTemplate.Message;
import dev.instructzero.task.PromptTemplate.Role;
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

	@Test
	void aSingleUserMessageKeepsTheHashOfTheTimeBeforeTemplates() throws Exception {
		// the v1 canonical form, written out by hand: cached APE calls stay valid
		String canonical = "2:v1\n8:gpt-test\n3:0.0\n3:256\n" + BASE.prompt().length() + ":" + BASE.prompt() + "\n";
		String v1 = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		assertThat(BASE.hash()).isEqualTo(v1);
		assertThat(new CallKey("gpt-test", 0.0, 256, PromptTemplate.APE.render("a", "b")).hash()).isEqualTo(v1);
	}

	@Test
	void everyRenderedMessageAndRoleChangesTheKey() {
		CallKey chat = new CallKey("gpt-test", 0.0, 256,
				List.of(new Message(Role.SYSTEM, "Translate."), new Message(Role.USER, "cat")));
		assertThat(chat.hash()).isNotEqualTo(BASE.hash())
			.isEqualTo(new CallKey("gpt-test", 0.0, 256,
					List.of(new Message(Role.SYSTEM, "Translate."), new Message(Role.USER, "cat")))
				.hash());
		assertThat(new CallKey("gpt-test", 0.0, 256,
				List.of(new Message(Role.USER, "Translate."), new Message(Role.USER, "cat")))
			.hash()).isNotEqualTo(chat.hash());
		assertThat(new CallKey("gpt-test", 0.0, 256,
				List.of(new Message(Role.SYSTEM, "Translate."), new Message(Role.USER, "dog")))
			.hash()).isNotEqualTo(chat.hash());
		// the same texts cut differently between messages
		assertThat(new CallKey("gpt-test", 0.0, 256,
				List.of(new Message(Role.SYSTEM, "Translate.c"), new Message(Role.USER, "at")))
			.hash()).isNotEqualTo(chat.hash());
		// a system-only call is not the user message with the same text
		assertThat(new CallKey("gpt-test", 0.0, 256, List.of(new Message(Role.SYSTEM, BASE.prompt()))).hash())
			.isNotEqualTo(BASE.hash());
		assertThat(chat.prompt()).isEqualTo("[system]\nTranslate.\n\n[user]\ncat");
	}

}
