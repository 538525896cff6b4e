package dev.instructzero.generator;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InstructionPostProcessorTest {

	@Test
	void prefixesAndKeepsTheFirstSentence() {
		assertThat(InstructionPostProcessor.process(" add the two numbers. Then print them."))
			.isEqualTo("The instruction was to add the two numbers");
		assertThat(InstructionPostProcessor.process("write the word backwards! Easy?"))
			.isEqualTo("The instruction was to write the word backwards");
		assertThat(InstructionPostProcessor.process("say \"hello.\" twice"))
			.isEqualTo("The instruction was to say \"hello");
	}

	@Test
	void completionStyleKeepsThePostProcessingOfTheFirstCode() {
		// the old behaviour, byte for byte, including its quirks on chat-like replies
		assertThat(PromptStyle.COMPLETION.instructionOf(" reverse the word. Then stop."))
			.isEqualTo("The instruction was to reverse the word");
		assertThat(PromptStyle.COMPLETION.instructionOf("Sure! Reverse the word."))
			.isEqualTo("The instruction was to Sure");
		assertThat(PromptStyle.COMPLETION.instructionOf(" find the\u0000 antonym Comment: ok"))
			.isEqualTo("The instruction was to find the antonym");
	}

	@Test
	void cutsAtComment() {
		assertThat(InstructionPostProcessor.process(" find the antonym Comment: this was easy. yes"))
			.isEqualTo("The instruction was to find the antonym");
	}

	@Test
	void returnsEmptyWhenNothingUsableWasGenerated() {
		assertThat(InstructionPostProcessor.process("")).isEmpty();
		assertThat(InstructionPostProcessor.process("  \n ")).isEmpty();
		assertThat(InstructionPostProcessor.process(null)).isEmpty();
		assertThat(InstructionPostProcessor.process(". Something else.")).isEmpty();
		assertThat(InstructionPostProcessor.process("Comment: nothing")).isEmpty();
	}

	@Test
	void rendersExemplarsLiterally() {
		List<Exemplar> exemplars = List.of(new Exemplar("a [OUTPUT] b", "$1 \\"), new Exemplar("x", "y"));
		assertThat(ExemplarText.softPromptText(GeneratorProperties.Prompt.defaults(), PromptStyle.CHAT, exemplars))
			.endsWith("USER:\nInput: a [OUTPUT] b\nOutput: $1 \\\n\nInput: x\nOutput: y\n\n"
					+ "The instruction was to? ASSISTANT:");
		assertThat(
				ExemplarText.softPromptText(GeneratorProperties.Prompt.defaults(), PromptStyle.COMPLETION, exemplars))
			.isEqualTo("\nInput: a [OUTPUT] b\nOutput: $1 \\\n\nInput: x\nOutput: y\n\nThe instruction was to");
		assertThat(ExemplarText.apeText(GeneratorProperties.Ape.DEFAULT_TEMPLATE, List.of(new Exemplar("x", "y"))))
			.isEqualTo("I gave a friend an instruction and five inputs. The friend read the instruction and wrote an "
					+ "output for every one of the inputs. Here are the input-output pairs:\n\nInput: x\nOutput: y"
					+ "\n\nThe instruction was to");
		assertThatIllegalArgumentException().isThrownBy(() -> ExemplarText.apeText("[full_DEMO]", List.of()));
	}

}
