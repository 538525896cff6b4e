package dev.instructzero.web;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Text PostgreSQL cannot store (U+0000, unpaired surrogates) is a 400 naming the field,
 * wherever it appears in a task or job, and nothing is stored.
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.ai.openai.api-key=test-key",
		"instructzero.generator.vllm.base-url=http://127.0.0.1:9", "instructzero.generator.vllm.model=vicuna",
		"instructzero.generator.checkpoint-dir=target/no-checkpoint", "instructzero.evaluator.default-model=gpt-test",
		"instructzero.evaluator.allowed-models=gpt-other" })
class StorableTextRequestTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	static String task(String name, String fourthInput, String testOutput) {
		return """
				{"name": "%s", "metric": "exact_match",
				 "examples": [{"input": "hot", "output": "cold"}, {"input": "big", "output": "small"},
				              {"input": "up", "output": "down"}, {"input": "%s", "output": "out"}],
				 "testExamples": [{"input": "left", "outputs": ["right", "%s"]}]}
				""".formatted(name, fourthInput, testOutput);
	}

	@Test
	void refusesNulInAnExampleInputNamingTheField() throws Exception {
		long tasks = count("task");
		this.mvc
			.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON)
				.content(task("antonyms", "in\\u0000side", "correct")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].field", hasItem("examples[3].input")))
			.andExpect(jsonPath("$.errors[0].message", containsString("U+0000")))
			.andExpect(content().string(not(containsString("SQL"))));
		assertThat(count("task")).isEqualTo(tasks);
	}

	@Test
	void refusesUnpairedSurrogatesAnywhereInAnInlineJobTask() throws Exception {
		long tasks = count("task");
		long jobs = count("job");
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"task\": " + task("anto\\ud800nyms", "in", "\\udfffx")
						+ ", \"blackBoxModel\": \"gpt\\u0000\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].field",
					hasItems("task.name", "task.testExamples[0].outputs[1]", "blackBoxModel")))
			.andExpect(jsonPath("$.errors[*].message", hasItem(containsString("U+D800"))));
		assertThat(count("task")).isEqualTo(tasks);
		assertThat(count("job")).isEqualTo(jobs);
	}

	@Test
	void keepsValidSupplementaryCharacters() throws Exception {
		this.mvc
			.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON)
				.content(task("emoji \\ud83d\\ude00", "in", "ok")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.name").value("emoji \uD83D\uDE00"));
	}

	private long count(String table) {
		return this.jdbc.queryForObject("select count(*) from " + table, Long.class);
	}

}
