package dev.instructzero.job;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A service started with no LLM endpoints configured refuses jobs it could not run. */
@IntegrationTest
@TestPropertySource(properties = { "spring.ai.openai.api-key=" })
class UnconfiguredJobApiTest {

	@Autowired
	MockMvc mvc;

	@Test
	void refusesInstructZeroJobNamingEveryMissingSetting() throws Exception {
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"task\": " + JobApiTest.TASK + "}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].field",
					containsInAnyOrder("spring.ai.openai.api-key", "instructzero.generator.vllm.base-url",
							"instructzero.generator.vllm.model", "instructzero.generator.checkpoint-dir")));
	}

	@Test
	void refusesApeJobNamingOnlyTheBlackBox() throws Exception {
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"task\": " + JobApiTest.TASK + ", \"strategy\": \"ape\"}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("spring.ai.openai.api-key")));
	}

}
