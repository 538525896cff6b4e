package dev.instructzero.task;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@IntegrationTest
class TaskApiTest {

	static final String ANTONYMS = """
			{"name": "antonyms", "description": "opposites", "metric": "exact_match",
			 "examples": [{"input": "hot", "output": "cold"}, {"input": "big", "outputs": ["small", "little"]},
			              {"input": "up", "output": "down"}],
			 "testExamples": [{"input": "left", "output": "right"}]}
			""";

	@Autowired
	MockMvc mvc;

	@Test
	void createsTaskWithLocationAndReadsItBack() throws Exception {
		MvcResult created = this.mvc.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON).content(ANTONYMS))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", startsWith("/tasks/")))
			.andExpect(jsonPath("$.exampleCount").value(3))
			.andReturn();
		String location = created.getResponse().getHeader("Location");

		this.mvc.perform(get(location))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("antonyms"))
			.andExpect(jsonPath("$.metric").value("exact_match"))
			.andExpect(jsonPath("$.examples[0].outputs[0]").value("cold"))
			.andExpect(jsonPath("$.examples[1].outputs[1]").value("little"))
			.andExpect(jsonPath("$.testExamples[0].input").value("left"))
			.andExpect(jsonPath("$.testExampleCount").value(1));
	}

	@Test
	void listsTasksAsSpringDataPage() throws Exception {
		this.mvc.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON).content(ANTONYMS))
			.andExpect(status().isCreated());
		this.mvc.perform(get("/tasks?page=0&size=1"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content.length()").value(1))
			.andExpect(jsonPath("$.content[0].examples").doesNotExist())
			.andExpect(jsonPath("$.page.size").value(1))
			.andExpect(jsonPath("$.page.number").value(0))
			.andExpect(jsonPath("$.page.totalElements").isNumber())
			.andExpect(jsonPath("$.page.totalPages").isNumber());
	}

	@Test
	void returnsProblemJsonWhenExamplesAreEmpty() throws Exception {
		this.mvc
			.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"x\", \"metric\": \"f1\", \"examples\": []}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.errors[*].field", hasItem("examples")));
	}

	@Test
	void answersMalformedUuidWith400AndUnknownIdWith404() throws Exception {
		this.mvc.perform(get("/tasks/not-a-uuid"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("id"));
		this.mvc.perform(get("/tasks/7b1d4a4e-0000-4000-8000-000000000000"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

}
