package dev.instructzero.task;

import java.nio.charset.StandardCharsets;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
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
	void namesTheLineOfABadCsvRow() throws Exception {
		// the quoted cell of the first example spans lines 2-3, so "bad" is on line 5
		String csv = "input,output\n\"two\nlines\",x\nok,fine\nbad\n";
		this.mvc
			.perform(post("/tasks?name=a&metric=f1").contentType("text/csv")
				.content(csv.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("line 5"))
			.andExpect(jsonPath("$.errors[0].message", containsString("2 columns expected")));
		this.mvc
			.perform(post("/tasks?name=a&metric=f1").contentType("text/csv")
				.content("question,answer\na,b\n".getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("line 1"))
			.andExpect(jsonPath("$.errors[0].message", containsString("unknown column 'question'")));
	}

	@Test
	void namesTheLineWhenAnExampleBreaksATaskRule() throws Exception {
		String long4001 = "x".repeat(4001);
		String jsonl = "{\"input\": \"a\", \"output\": \"b\"}\n\n{\"input\": \"" + long4001
				+ "\", \"output\": \"d\"}\n";
		this.mvc
			.perform(post("/tasks?name=a&metric=f1").contentType("application/x-ndjson")
				.content(jsonl.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("line 3"))
			.andExpect(jsonPath("$.errors[0].message", containsString("input: at most 4000")));
		// numeric metric: line 2's output has no number
		this.mvc
			.perform(post("/tasks?name=a&metric=numeric").contentType("application/x-ndjson")
				.content("{\"input\": \"1+1\", \"output\": \"2\"}\n{\"input\": \"2+x\", \"output\": \"unknown\"}"
					.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("line 2"))
			.andExpect(jsonPath("$.errors[0].message", containsString("output: the numeric metric needs a number")));
	}

	@Test
	void namesTheLineOfMalformedJsonLinesAndTheMissingMetadata() throws Exception {
		this.mvc
			.perform(post("/tasks?name=a&metric=f1").contentType("application/x-ndjson")
				.content("{\"input\": \"a\", \"output\": \"b\"}\n{\"input\": \"c\", \"label\": 1}\n[1]\n"
					.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.length()").value(2))
			.andExpect(jsonPath("$.errors[0].field").value("line 2"))
			.andExpect(jsonPath("$.errors[1].field").value("line 3"));
		this.mvc
			.perform(post("/tasks?metric=bleu").contentType("application/x-ndjson")
				.content("{\"input\": \"a\", \"output\": \"b\"}".getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metric"));
		this.mvc
			.perform(post("/tasks?metric=f1").contentType("application/x-ndjson")
				.content("{\"input\": \"a\", \"output\": \"b\"}".getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("name"));
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
		this.mvc.perform(get(location + "/examples?split=dev"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("split"));
	}

}
