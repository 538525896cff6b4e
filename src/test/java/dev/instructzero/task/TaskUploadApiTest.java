package dev.instructzero.task;

import java.nio.charset.StandardCharsets;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Tasks uploaded as CSV and JSON Lines, and paging through examples. */
@IntegrationTest
class TaskUploadApiTest {

	@Autowired
	MockMvc mvc;

	@Test
	void createsATaskFromACsvBodyWithRepeatedOutputColumnsAndQuotedCells() throws Exception {
		String csv = "input,output,output,split\r\n" + "hot,cold,,train\r\n" + "big,small,little,\r\n"
				+ "\"say \"\"hi\"\"\nplease\",\"hello, there\",,train\r\n" + "left,right,,test\r\n";
		this.mvc
			.perform(post("/tasks?name=antonyms&metric=exact_match").contentType("text/csv")
				.content(csv.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.name").value("antonyms"))
			.andExpect(jsonPath("$.exampleCount").value(3))
			.andExpect(jsonPath("$.testExampleCount").value(1))
			.andExpect(jsonPath("$.examples[0].outputs.length()").value(1))
			.andExpect(jsonPath("$.examples[1].outputs[1]").value("little"))
			.andExpect(jsonPath("$.examples[2].input").value("say \"hi\"\nplease"))
			.andExpect(jsonPath("$.examples[2].outputs[0]").value("hello, there"))
			.andExpect(jsonPath("$.testExamples[0].outputs[0]").value("right"));
	}

	@Test
	void readsSeveralOutputsFromAJsonArrayColumn() throws Exception {
		String csv = "input,outputs\nbig,\"[\"\"small\"\", \"\"little\"\"]\"\nhot,\"[\"\"cold\"\"]\"\n";
		this.mvc
			.perform(post("/tasks?name=a&metric=f1").contentType("text/csv")
				.content(csv.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.examples[0].outputs.length()").value(2))
			.andExpect(jsonPath("$.examples[0].outputs[1]").value("little"));
	}

	@Test
	void acceptsAMultipartFileWithMetadataFieldsAndReportsDroppedOutputsByLine() throws Exception {
		MockMultipartFile file = new MockMultipartFile("file", "capitals.jsonl", "application/octet-stream",
				("{\"input\": \"France\", \"outputs\": [\"Paris\", \".\"]}\n"
						+ "{\"input\": \"Italy\", \"output\": \"Rome\", \"split\": \"test\"}\n")
					.getBytes(StandardCharsets.UTF_8));
		MvcResult created = this.mvc
			.perform(multipart("/tasks").file(file)
				.param("name", "capitals")
				.param("metric", "exact_match")
				.param("promptTemplate",
						"[{\"role\": \"system\", \"content\": \"{instruction}\"},"
								+ " {\"role\": \"user\", \"content\": \"{input}\"}]"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.promptTemplate[0].role").value("system"))
			.andExpect(jsonPath("$.warnings[0]", containsString("line 1: outputs[1]")))
			.andReturn();
		String location = created.getResponse().getHeader("Location");
		this.mvc.perform(get(location + "/examples?split=test"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[0].input").value("Italy"));
		MockMultipartFile text = new MockMultipartFile("file", "x.txt", "text/plain", "a".getBytes());
		this.mvc.perform(multipart("/tasks").file(text).param("name", "x").param("metric", "f1"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("file"));
	}

	@Test
	void pagesThroughTheExamples() throws Exception {
		StringBuilder csv = new StringBuilder("input,output\n");
		for (int i = 0; i < 7; i++) {
			csv.append("in").append(i).append(",out").append(i).append('\n');
		}
		MvcResult created = this.mvc
			.perform(post("/tasks?name=p&metric=exact_match").contentType("text/csv")
				.content(csv.toString().getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isCreated())
			.andReturn();
		String location = created.getResponse().getHeader("Location");
		this.mvc.perform(get(location + "/examples?page=1&size=3"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content.length()").value(3))
			.andExpect(jsonPath("$.content[0].index").value(3))
			.andExpect(jsonPath("$.content[0].input").value("in3"))
			.andExpect(jsonPath("$.content[2].outputs[0]").value("out5"))
			.andExpect(jsonPath("$.page.totalElements").value(7))
			.andExpect(jsonPath("$.page.totalPages").value(3));
		this.mvc.perform(get(location + "/examples?page=2&size=3")).andExpect(jsonPath("$.content.length()").value(1));
	}

}
