package dev.instructzero.task;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.instructzero.web.ApiSliceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static dev.instructzero.support.TestClients.bearer;
import static dev.instructzero.web.ApiSliceTest.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.AdditionalAnswers.returnsFirstArg;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP contract of {@code /tasks} without a database: the real {@link TaskService}
 * and {@link TaskUploads} (which hold the task rules: outputs, prompt templates, metric
 * options, upload lines) over a mocked {@link TaskRepository}. A refused task is never
 * stored. Reading tasks back and paging through stored examples stay in
 * {@link TaskApiTest}, {@link TaskScoringApiTest} and {@link TaskUploadApiTest}.
 */
@ApiSliceTest(TaskController.class)
@Import({ TaskService.class, TaskUploads.class })
class TaskControllerTest {

	static final String EXAMPLES = "\"examples\": [{\"input\": \"a\", \"output\": \"b\"}, {\"input\": \"c\", \"output\": \"d\"}]";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	TaskRepository tasks;

	@BeforeEach
	void storeWhatIsSaved() {
		given(this.tasks.save(any())).willAnswer(returnsFirstArg());
	}

	private ResultActions postTask(String json) throws Exception {
		return this.mvc
			.perform(post("/tasks").with(bearer(ALICE)).contentType(MediaType.APPLICATION_JSON).content(json));
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
	void storesTheTaskAsTheAuthenticatedClientsWithLocation() throws Exception {
		postTask("{\"name\": \" antonyms \", \"metric\": \"exact_match\", " + EXAMPLES + "}")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.name").value("antonyms"))
			.andExpect(jsonPath("$.createdAt").value(ApiSliceTest.NOW.toString()));
		ArgumentCaptor<Task> saved = ArgumentCaptor.forClass(Task.class);
		verify(this.tasks).save(saved.capture());
		assertThat(saved.getValue().owner()).isEqualTo(ALICE);
		this.mvc.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void storesNothingItRefuses() throws Exception {
		postTask("{\"name\": \"x\", \"metric\": \"f1\", \"examples\": [{\"input\": \"c\"}]}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid request content."));
		verify(this.tasks, never()).save(any());
	}

	@Test
	void returnsProblemJsonWhenExamplesAreEmpty() throws Exception {
		this.mvc
			.perform(post("/tasks").with(bearer(ALICE))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"x\", \"metric\": \"f1\", \"examples\": []}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.errors[*].field", hasItem("examples")));
	}

	@Test
	void answersMalformedUuidWith400AndUnknownIdWith404() throws Exception {
		this.mvc.perform(get("/tasks/not-a-uuid").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("id"));
		this.mvc.perform(get("/tasks/7b1d4a4e-0000-4000-8000-000000000000").with(bearer(ALICE)))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void rejectsUnknownFieldsNamingThem() throws Exception {
		this.mvc.perform(post("/tasks").with(bearer(ALICE))
			.contentType(MediaType.APPLICATION_JSON)
			.content(
					"{\"name\": \"x\", \"metric\": \"f1\", \"examples\": [{\"input\": \"a\", \"output\": \"b\", \"label\": 1}]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("examples[0].label"));
	}

	@Test
	void rejectsUnknownMetric() throws Exception {
		this.mvc.perform(post("/tasks").with(bearer(ALICE))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"x\", \"metric\": \"bleu\", \"examples\": [{\"input\": \"a\", \"output\": \"b\"}]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metric"))
			.andExpect(jsonPath("$.errors[0].message", containsString("exact_match")));
	}

	@Test
	void requiresExactlyOneOfOutputAndOutputs() throws Exception {
		this.mvc.perform(post("/tasks").with(bearer(ALICE)).contentType(MediaType.APPLICATION_JSON).content("""
				{"name": "x", "metric": "f1", "examples": [
				  {"input": "a", "output": "b"}, {"input": "c"}, {"input": "d", "output": "e", "outputs": ["e"]}]}
				"""))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.length()").value(2))
			.andExpect(jsonPath("$.errors[0].field").value("examples[1].output"))
			.andExpect(jsonPath("$.errors[1].field").value("examples[2].output"));
	}

	@Test
	void statesTheLimitWhenATextIsTooLong() throws Exception {
		String longInput = "x".repeat(4001);
		this.mvc
			.perform(post("/tasks").with(bearer(ALICE))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"x\", \"metric\": \"f1\", \"examples\": [{\"input\": \"" + longInput
						+ "\", \"output\": \"b\"}]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("examples[0].input"))
			.andExpect(jsonPath("$.errors[0].message", containsString("4000")));
	}

	@Test
	void statesTheLimitWhenThereAreTooManyExamples() throws Exception {
		String examples = IntStream.range(0, 5001)
			.mapToObj((i) -> "{\"input\": \"i" + i + "\", \"output\": \"o\"}")
			.collect(Collectors.joining(","));
		this.mvc
			.perform(post("/tasks").with(bearer(ALICE))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"x\", \"metric\": \"f1\", \"examples\": [" + examples + "]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("examples"))
			.andExpect(jsonPath("$.errors[0].message", containsString("5000")));
	}

	@Test
	void refusesBodiesOverTenMegabytesWith413() throws Exception {
		byte[] body = new byte[10 * 1024 * 1024 + 1];
		java.util.Arrays.fill(body, (byte) ' ');
		this.mvc.perform(post("/tasks").with(bearer(ALICE)).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isContentTooLarge())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail", containsString("10 MB")));
	}

	@Test
	void answersMalformedJsonWith400() throws Exception {
		this.mvc
			.perform(post("/tasks").with(bearer(ALICE)).contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void rejectsOutOfRangePaging() throws Exception {
		this.mvc.perform(get("/tasks?size=0").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		this.mvc.perform(get("/tasks?page=-1").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("page"));
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

	@Test
	void namesTheLineOfABadCsvRow() throws Exception {
		// the quoted cell of the first example spans lines 2-3, so "bad" is on line 5
		String csv = "input,output\n\"two\nlines\",x\nok,fine\nbad\n";
		this.mvc
			.perform(post("/tasks?name=a&metric=f1").with(bearer(ALICE))
				.contentType("text/csv")
				.content(csv.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("line 5"))
			.andExpect(jsonPath("$.errors[0].message", containsString("2 columns expected")));
		this.mvc
			.perform(post("/tasks?name=a&metric=f1").with(bearer(ALICE))
				.contentType("text/csv")
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
			.perform(post("/tasks?name=a&metric=f1").with(bearer(ALICE))
				.contentType("application/x-ndjson")
				.content(jsonl.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("line 3"))
			.andExpect(jsonPath("$.errors[0].message", containsString("input: at most 4000")));
		// numeric metric: line 2's output has no number
		this.mvc
			.perform(post("/tasks?name=a&metric=numeric").with(bearer(ALICE))
				.contentType("application/x-ndjson")
				.content("{\"input\": \"1+1\", \"output\": \"2\"}\n{\"input\": \"2+x\", \"output\": \"unknown\"}"
					.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("line 2"))
			.andExpect(jsonPath("$.errors[0].message", containsString("output: the numeric metric needs a number")));
	}

	@Test
	void namesTheLineOfMalformedJsonLinesAndTheMissingMetadata() throws Exception {
		this.mvc
			.perform(post("/tasks?name=a&metric=f1").with(bearer(ALICE))
				.contentType("application/x-ndjson")
				.content("{\"input\": \"a\", \"output\": \"b\"}\n{\"input\": \"c\", \"label\": 1}\n[1]\n"
					.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.length()").value(2))
			.andExpect(jsonPath("$.errors[0].field").value("line 2"))
			.andExpect(jsonPath("$.errors[1].field").value("line 3"));
		this.mvc
			.perform(post("/tasks?metric=bleu").with(bearer(ALICE))
				.contentType("application/x-ndjson")
				.content("{\"input\": \"a\", \"output\": \"b\"}".getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metric"));
		this.mvc
			.perform(post("/tasks?metric=f1").with(bearer(ALICE))
				.contentType("application/x-ndjson")
				.content("{\"input\": \"a\", \"output\": \"b\"}".getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("name"));
	}

	@Test
	void namesASplitThatIsNeitherTrainNorTest() throws Exception {
		this.mvc.perform(get("/tasks/" + UUID.randomUUID() + "/examples?split=dev").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("split"))
			.andExpect(jsonPath("$.errors[0].message").value("must be train or test"));
		verifyNoInteractions(this.tasks);
	}

	@Test
	void answersAnUnknownTaskWith404() throws Exception {
		UUID id = UUID.randomUUID();
		this.mvc.perform(get("/tasks/" + id).with(bearer(ALICE)))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Task " + id + " does not exist."));
	}

}
