package dev.instructzero.task;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
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

	@Test
	void needsExactlyOneInstructionAndAnInput() throws Exception {
		postTemplate(
				"""
						[{"role": "system", "content": "{instruction}"}, {"role": "user", "content": "{instruction} {input}"}]""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("promptTemplate"))
			.andExpect(jsonPath("$.errors[0].message", containsString("exactly once")));
		postTemplate("[{\"role\": \"user\", \"content\": \"{instruction}\"}]").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("promptTemplate"))
			.andExpect(jsonPath("$.errors[0].message", containsString("{input}")));
		postTemplate("[]").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("promptTemplate"));
	}

	@Test
	void needsTheLastMessageToBeTheUsers() throws Exception {
		postTemplate("""
				[{"role": "user", "content": "{instruction} {input}"}, {"role": "assistant", "content": "Sure:"}]""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("promptTemplate[1].role"));
	}

	@Test
	void statesTheSizeLimitOfAMessage() throws Exception {
		String huge = "x".repeat(8001);
		postTemplate("[{\"role\": \"user\", \"content\": \"{instruction} {input} " + huge + "\"}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("promptTemplate[0].content"))
			.andExpect(jsonPath("$.errors[0].message", containsString("8000")));
	}

	@Test
	void refusesRegexPatternsThatDoNotCompileOrBacktrackCatastrophically() throws Exception {
		postMetric("regex", "{\"pattern\": \"(unclosed\"}", "[{\"input\": \"a\", \"output\": \"b\"}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metricOptions.pattern"))
			.andExpect(jsonPath("$.errors[0].message", containsString("does not compile")));
		postMetric("regex", "{\"pattern\": \"(a+)+$\"}", "[{\"input\": \"a\", \"output\": \"b\"}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metricOptions.pattern"))
			.andExpect(jsonPath("$.errors[0].message", containsString("exponential")));
		postMetric("regex", "{}", "[{\"input\": \"a\", \"output\": \"b\"}]").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metricOptions.pattern"));
		postMetric("regex", "{\"pattern\": \"^{output}$\", \"ignoreCase\": true}",
				"[{\"input\": \"a\", \"output\": \"b\"}]")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.metricOptions.pattern").value("^{output}$"));
	}

	@Test
	void refusesOptionsOfAnotherMetricAndBadValues() throws Exception {
		postMetric("exact_match", "{\"pattern\": \"x\"}", "[{\"input\": \"a\", \"output\": \"b\"}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metricOptions.pattern"))
			.andExpect(jsonPath("$.errors[0].message", containsString("regex")));
		postMetric("numeric", "{\"absoluteTolerance\": -1}", "[{\"input\": \"a\", \"output\": \"1\"}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metricOptions.absoluteTolerance"));
		postMetric("json", "{\"jsonMatch\": \"fuzzy\"}", "[{\"input\": \"a\", \"output\": \"{}\"}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metricOptions.jsonMatch"));
		postMetric("choice", "{\"choices\": [\"x\", \"X\"]}", "[{\"input\": \"a\", \"output\": \"A\"}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metricOptions.choices[1]"));
		postMetric("numeric", "{\"nope\": 1}", "[{\"input\": \"a\", \"output\": \"1\"}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metricOptions.nope"));
	}

	@Test
	void refusesExpectedOutputsTheMetricCannotRead() throws Exception {
		postMetric("numeric", "{}",
				"[{\"input\": \"a\", \"output\": \"1.5\"}, {\"input\": \"b\", \"output\": \"many\"}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("examples[1].output"))
			.andExpect(jsonPath("$.errors[0].message", containsString("number")));
		postMetric("choice", "{\"choices\": [\"Paris\", \"Rome\", \"Oslo\"]}",
				"[{\"input\": \"a\", \"output\": \"C\"}, {\"input\": \"b\", \"outputs\": [\"Rome\", \"D\"]}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.length()").value(1))
			.andExpect(jsonPath("$.errors[0].field").value("examples[1].outputs[1]"));
	}

	@Test
	void dropsEmptyAcceptableOutputsWithAWarning() throws Exception {
		// "." normalises to nothing, like "": neither can ever be matched
		postTask("""
				{"name": "e", "metric": "exact_match", "examples": [
				  {"input": "a", "outputs": ["", "b", "."]}, {"input": "c", "output": "d"}]}""")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.examples[0].outputs.length()").value(1))
			.andExpect(jsonPath("$.examples[0].outputs[0]").value("b"))
			.andExpect(jsonPath("$.warnings.length()").value(2))
			.andExpect(jsonPath("$.warnings[0]", containsString("examples[0].outputs[0]")))
			.andExpect(jsonPath("$.warnings[1]", containsString("examples[0].outputs[2]")));
	}

	@Test
	void refusesAnExampleWhoseOutputsAreAllEmpty() throws Exception {
		postTask("""
				{"name": "e", "metric": "f1", "examples": [{"input": "a", "output": "b"}],
				 "testExamples": [{"input": "c", "outputs": ["\u00a0", "?!"]}, {"input": "e", "output": ""}]}""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field", hasItem("testExamples[0].outputs")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("testExamples[1].output")));
	}

}
