package dev.instructzero.task;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Prompt templates, metric options and empty outputs at {@code POST /tasks}. */
@IntegrationTest
class TaskScoringApiTest {

	static final String EXAMPLES = "\"examples\": [{\"input\": \"a\", \"output\": \"b\"}, {\"input\": \"c\", \"output\": \"d\"}]";

	@Autowired
	MockMvc mvc;

	private ResultActions postTask(String json) throws Exception {
		return this.mvc.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON).content(json));
	}

	private ResultActions postTemplate(String template) throws Exception {
		return postTask("{\"name\": \"t\", \"metric\": \"exact_match\", " + EXAMPLES + ", \"promptTemplate\": "
				+ template + "}");
	}

	private ResultActions postMetric(String metric, String options, String examples) throws Exception {
		return postTask("{\"name\": \"m\", \"metric\": \"" + metric + "\", \"metricOptions\": " + options
				+ ", \"examples\": " + examples + "}");
	}

	@Test
	void storesAChatTemplateAndShowsItBack() throws Exception {
		MvcResult created = postTemplate("""
				[{"role": "system", "content": "{instruction}"}, {"role": "user", "content": "Q: {input}"}]""")
			.andExpect(status().isCreated())
			.andReturn();
		this.mvc.perform(get(created.getResponse().getHeader("Location")))
			.andExpect(jsonPath("$.promptTemplate.length()").value(2))
			.andExpect(jsonPath("$.promptTemplate[0].role").value("system"))
			.andExpect(jsonPath("$.promptTemplate[0].content").value("{instruction}"))
			.andExpect(jsonPath("$.promptTemplate[1].content").value("Q: {input}"));
	}

	@Test
	void showsApesTemplateWhenTheTaskGivesNone() throws Exception {
		postTask("{\"name\": \"t\", \"metric\": \"f1\", " + EXAMPLES + "}").andExpect(status().isCreated())
			.andExpect(jsonPath("$.promptTemplate.length()").value(1))
			.andExpect(jsonPath("$.promptTemplate[0].role").value("user"))
			.andExpect(jsonPath("$.promptTemplate[0].content")
				.value("Instruction: {instruction}\n\nInput: {input}\nOutput:"))
			.andExpect(jsonPath("$.warnings").doesNotExist());
	}

	@Test
	void namesTheMessageWithAnUnknownRole() throws Exception {
		postTemplate("""
				[{"role": "system", "content": "{instruction}"}, {"role": "bot", "content": "{input}"}]""")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("promptTemplate[1].role"))
			.andExpect(jsonPath("$.errors[0].message", containsString("system, user or assistant")));
	}

}
