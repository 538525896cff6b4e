package dev.instructzero.generator;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApeInstructionGeneratorTest {

	/** A chat model that records prompts and answers a fixed text. */
	static final class ScriptedChatModel implements ChatModel {

		final List<Prompt> prompts = new ArrayList<>();

		private final String answer;

		ScriptedChatModel(String answer) {
			this.answer = answer;
		}

		@Override
		public ChatResponse call(Prompt prompt) {
			this.prompts.add(prompt);
			return new ChatResponse(List.of(new Generation(new AssistantMessage(this.answer))));
		}

	}

	@Test
	void asksWithApesForwardTemplateAndPostProcesses() {
		ScriptedChatModel chat = new ScriptedChatModel(" write the antonym of the word. Comment: fine");
		GeneratorProperties.Ape ape = new GeneratorProperties.Ape("gpt-4o-mini", 0.7, 50,
				GeneratorProperties.Ape.DEFAULT_TEMPLATE);

		GeneratedInstruction generated = new ApeInstructionGenerator(chat, ape)
			.generate(List.of(new Exemplar("hot", "cold"), new Exemplar("up", "down")));

		assertThat(generated.instruction()).isEqualTo("The instruction was to write the antonym of the word");
		assertThat(generated.rawReply()).isEqualTo(" write the antonym of the word. Comment: fine");
		assertThat(chat.prompts).hasSize(1);
		Prompt prompt = chat.prompts.get(0);
		assertThat(prompt.getInstructions()).hasSize(1);
		assertThat(prompt.getUserMessage().getText()).isEqualTo("I gave a friend an instruction and five inputs. "
				+ "The friend read the instruction and wrote an output for every one of the inputs. "
				+ "Here are the input-output pairs:\n\nInput: hot\nOutput: cold\n\nInput: up\nOutput: down"
				+ "\n\nThe instruction was to");
		assertThat(prompt.getOptions().getTemperature()).isEqualTo(0.7);
		assertThat(prompt.getOptions().getModel()).isEqualTo("gpt-4o-mini");
		assertThat(prompt.getOptions().getMaxTokens()).isEqualTo(50);
	}

	@Test
	void returnsEmptyForAnEmptyAnswer() {
		assertThat(new ApeInstructionGenerator(new ScriptedChatModel(""), TestProperties.ape())
			.generate(List.of(new Exemplar("a", "b")))
			.instruction()).isEmpty();
	}

	@Test
	void failsClearlyWithoutAChatModelOrWhenTheCallFails() {
		assertThatExceptionOfType(GenerationFailedException.class)
			.isThrownBy(() -> new ApeInstructionGenerator(() -> null, TestProperties.ape())
				.generate(List.of(new Exemplar("a", "b"))))
			.withMessageContaining("no (unique) chat model");
		ChatModel broken = (prompt) -> {
			throw new IllegalStateException("boom");
		};
		assertThatExceptionOfType(GenerationFailedException.class)
			.isThrownBy(() -> new ApeInstructionGenerator(broken, TestProperties.ape())
				.generate(List.of(new Exemplar("a", "b"))))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(GenerationFailedException.Reason.UNAVAILABLE))
			.withMessageContaining("boom");
	}

}
