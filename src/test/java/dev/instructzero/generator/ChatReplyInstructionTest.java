package dev.instructzero.generator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ChatReplyInstructionTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			The instruction was to reverse the word.                      | Reverse the word.
			Sure! The instruction was to reverse the word.                | Reverse the word.
			Sure! Reverse the word.                                       | Reverse the word.
			Reverse the word.                                             | Reverse the word.
			reverse the word.                                             | Reverse the word.
			The instruction was to? Reverse the word.                     | Reverse the word.
			The instruction was: to reverse the word.                     | Reverse the word.
			Instruction: Reverse the word.                                | Reverse the word.
			The instruction is to reverse the word.                       | Reverse the word.
			Certainly! Here is the instruction: reverse the word.         | Reverse the word.
			Sure, here's my guess for the instruction: "Reverse the word." | Reverse the word.
			Based on the input-output pairs, the instruction was to reverse the word. | Reverse the word.
			Of course. Instruction: The instruction was to reverse the word. | Reverse the word.
			""")
	void removesRestatementsAndPreamblesOnce(String reply, String instruction) {
		assertThat(ChatReplyInstruction.extract(reply)).isEqualTo(instruction);
	}

	@Test
	void neverCutsTheInstructionMidSentence() {
		assertThat(ChatReplyInstruction.extract(
				"The instruction was to reverse the word. Then write it in capital letters! Keep the punctuation."))
			.isEqualTo("Reverse the word. Then write it in capital letters! Keep the punctuation.");
		assertThat(ChatReplyInstruction.extract("Write the antonym. Comment: easy."))
			.isEqualTo("Write the antonym. Comment: easy.");
	}

	@Test
	void keepsWordsThatOnlyLookLikeAnOpening() {
		assertThat(ChatReplyInstruction.extract("Sure-fire words: give a synonym."))
			.isEqualTo("Sure-fire words: give a synonym.");
		assertThat(ChatReplyInstruction.extract("Instructions for the friend: add the numbers."))
			.isEqualTo("Instructions for the friend: add the numbers.");
		assertThat(ChatReplyInstruction.extract("Okay then, sort the list.")).isEqualTo("Okay then, sort the list.");
	}

	@Test
	void leavesNothingWhenTheReplyIsOnlyAnOpening() {
		assertThat(ChatReplyInstruction.extract("Sure! The instruction was to")).isEmpty();
		assertThat(ChatReplyInstruction.extract("  \n\t ")).isEmpty();
		assertThat(ChatReplyInstruction.extract(null)).isEmpty();
	}

	@Test
	void chatStyleNoLongerPrefixesTheCourtesy() {
		assertThat(PromptStyle.CHAT.instructionOf("Sure! Write the opposite of the word."))
			.isEqualTo("Write the opposite of the word.")
			.doesNotContain("The instruction was to");
		assertThat(PromptStyle.CHAT.instructionOf("The instruction was to write the opposite.\u0000\u0007"))
			.isEqualTo("Write the opposite.");
	}

}
