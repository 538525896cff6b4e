package dev.instructzero.task;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromptTemplateTest {

	@Test
	void apeTemplateIsTheSingleUserMessageOfThePaper() {
		assertThat(PromptTemplate.APE.render("Translate.", "cat")).containsExactly(
				new PromptTemplate.Message(PromptTemplate.Role.USER, "Instruction: Translate.\n\nInput: cat\nOutput:"));
	}

	@Test
	void rendersEveryMessageWithItsRoleAndLeavesFewShotTurnsAlone() {
		PromptTemplate template = new PromptTemplate(
				List.of(new PromptTemplate.Message(PromptTemplate.Role.SYSTEM, "You are terse. {instruction}"),
						new PromptTemplate.Message(PromptTemplate.Role.USER, "dog"),
						new PromptTemplate.Message(PromptTemplate.Role.ASSISTANT, "chien"),
						new PromptTemplate.Message(PromptTemplate.Role.USER, "{input} ({input})")));
		assertThat(template.render("Translate to French.", "cat")).containsExactly(
				new PromptTemplate.Message(PromptTemplate.Role.SYSTEM, "You are terse. Translate to French."),
				new PromptTemplate.Message(PromptTemplate.Role.USER, "dog"),
				new PromptTemplate.Message(PromptTemplate.Role.ASSISTANT, "chien"),
				new PromptTemplate.Message(PromptTemplate.Role.USER, "cat (cat)"));
		assertThat(template.count(PromptTemplate.INPUT)).isEqualTo(2);
		assertThat(template.count(PromptTemplate.INSTRUCTION)).isEqualTo(1);
	}

	@Test
	void placeholdersInsideTheInstructionOrInputAreNotFilledAgain() {
		PromptTemplate template = new PromptTemplate(
				List.of(new PromptTemplate.Message(PromptTemplate.Role.USER, "{instruction}|{input}|{output}")));
		assertThat(template.render("say {input}", "{instruction}").get(0).content())
			.isEqualTo("say {input}|{instruction}|{output}");
	}

}
