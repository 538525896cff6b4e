package dev.instructzero.job;

import java.time.Instant;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.instructzero.support.IntegrationTest;
import dev.instructzero.task.ScoreInterval;
import dev.instructzero.trial.FinalCandidate;
import dev.instructzero.trial.FinalCandidateRepository;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialOrigin;
import dev.instructzero.trial.TrialRepository;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@IntegrationTest
@TestPropertySource(properties = { "spring.ai.openai.api-key=test-key",
		"instructzero.generator.vllm.base-url=http://127.0.0.1:9", "instructzero.generator.vllm.model=vicuna",
		"instructzero.generator.checkpoint-dir=target/no-checkpoint", "instructzero.evaluator.default-model=gpt-test",
		"instructzero.evaluator.allowed-models=gpt-other" })
class JobApiTest {

	static final String TASK = """
			{"name": "antonyms", "metric": "exact_match",
			 "examples": [{"input": "hot", "output": "cold"}, {"input": "big", "output": "small"},
			              {"input": "up", "output": "down"}, {"input": "in", "output": "out"}]}
			""";

	@Autowired
	MockMvc mvc;

	@Autowired
	TrialRepository trials;

	@Autowired
	FinalCandidateRepository finalCandidates;

	String createTask() throws Exception {
		String body = this.mvc.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON).content(TASK))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(body, "$.id");
	}

	String createJob(String json) throws Exception {
		String body = this.mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content(json))
			.andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(body, "$.id");
	}

	@Test
	void acceptsJobWithPaperDefaults() throws Exception {
		String taskId = createTask();
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"taskId\": \"" + taskId + "\"}"))
			.andExpect(status().isAccepted())
			.andExpect(header().string("Location", startsWith("/jobs/")))
			.andExpect(jsonPath("$.status").value("QUEUED"))
			.andExpect(jsonPath("$.strategy").value("instructzero"))
			.andExpect(jsonPath("$.taskId").value(taskId))
			.andExpect(jsonPath("$.blackBoxModel").value("gpt-test"))
			.andExpect(jsonPath("$.settings.initialTrials").value(25))
			.andExpect(jsonPath("$.settings.batchSize").value(25))
			.andExpect(jsonPath("$.settings.iterations").value(5))
			.andExpect(jsonPath("$.settings.promptStyle").value("chat"))
			.andExpect(jsonPath("$.settings.style").doesNotExist())
			.andExpect(jsonPath("$.settings.exemplars").value(10))
			.andExpect(jsonPath("$.settings.devExamples").value(20))
			.andExpect(jsonPath("$.settings.softPromptTokens").value(5))
			.andExpect(jsonPath("$.settings.intrinsicDim").value(10))
			.andExpect(jsonPath("$.settings.kernel").value("instruction-coupled"))
			.andExpect(jsonPath("$.settings.seed").isNumber())
			.andExpect(jsonPath("$.settings.finalCandidates").value(5))
			.andExpect(jsonPath("$.settings.finalExamples").value(40))
			.andExpect(jsonPath("$.settings.maxGenerationsPerBatch").value(75))
			.andExpect(jsonPath("$.settings.schedule").value("batch"))
			.andExpect(jsonPath("$.progress.trialsPlanned").value(150))
			.andExpect(jsonPath("$.progress.trialsDone").value(0))
			.andExpect(jsonPath("$.progress.paidCalls").value(0))
			.andExpect(jsonPath("$.createdAt").isString())
			.andExpect(jsonPath("$.stopReason").doesNotExist());
	}

	@Test
	void acceptsInlineTaskSmallSettingsAndBudget() throws Exception {
		String id = createJob("{\"task\": " + TASK + ", \"strategy\": \"random\", \"blackBoxModel\": \"gpt-other\","
				+ " \"settings\": {\"initialTrials\": 2, \"batchSize\": 1, \"iterations\": 0, \"devExamples\": 1,"
				+ " \"kernel\": \"latent\", \"seed\": 42, \"promptStyle\": \"completion\", \"schedule\": \"async\"},"
				+ " \"budget\": {\"maxTrials\": 1, \"maxCostUsd\": 0.5}}");
		this.mvc.perform(get("/jobs/" + id))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.strategy").value("random"))
			.andExpect(jsonPath("$.blackBoxModel").value("gpt-other"))
			.andExpect(jsonPath("$.settings.seed").value(42))
			.andExpect(jsonPath("$.settings.kernel").value("latent"))
			.andExpect(jsonPath("$.settings.promptStyle").value("completion"))
			.andExpect(jsonPath("$.settings.schedule").value("async"))
			.andExpect(jsonPath("$.settings.exemplars").value(5))
			.andExpect(jsonPath("$.settings.maxGenerationsPerBatch").value(3))
			.andExpect(jsonPath("$.budget.maxTrials").value(1))
			.andExpect(jsonPath("$.budget.maxCostUsd").value(0.5))
			.andExpect(jsonPath("$.progress.trialsPlanned").value(1));
	}

	@Test
	void requiresExactlyOneOfTaskIdAndTask() throws Exception {
		String taskId = createTask();
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"taskId\": \"" + taskId + "\", \"task\": " + TASK + "}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("taskId"));
		this.mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("taskId"));
	}

	@Test
	void answersUnknownTaskWith404() throws Exception {
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"taskId\": \"" + UUID.randomUUID() + "\"}"))
			.andExpect(status().isNotFound());
	}

	@Test
	void refusesModelsOutsideTheAllowList() throws Exception {
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"task\": " + TASK + ", \"blackBoxModel\": \"gpt-4-32k\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("blackBoxModel"))
			.andExpect(jsonPath("$.errors[0].message", containsString("gpt-test, gpt-other")));
	}

	@Test
	void takesTheExemplarDefaultFromThePromptStyleUnlessGiven() throws Exception {
		this.mvc.perform(get("/jobs/" + createJob("{\"task\": " + TASK + ", \"strategy\": \"random\"}")))
			.andExpect(jsonPath("$.settings.promptStyle").value("chat"))
			.andExpect(jsonPath("$.settings.exemplars").value(10));
		this.mvc
			.perform(get("/jobs/" + createJob(
					"{\"task\": " + TASK + ", \"settings\": {\"promptStyle\": \"completion\", \"exemplars\": 7}}")))
			.andExpect(jsonPath("$.settings.promptStyle").value("completion"))
			.andExpect(jsonPath("$.settings.exemplars").value(7));
		this.mvc
			.perform(get(
					"/jobs/" + createJob("{\"task\": " + TASK + ", \"settings\": {\"promptStyle\": \"completion\"}}")))
			.andExpect(jsonPath("$.settings.exemplars").value(5));
		// APE's forward template announces five inputs
		this.mvc.perform(get("/jobs/" + createJob("{\"task\": " + TASK + ", \"strategy\": \"ape\"}")))
			.andExpect(jsonPath("$.settings.exemplars").value(5));
	}

	@Test
	void refusesJudgeModelsOutsideTheAllowList() throws Exception {
		String judged = """
				{"name": "judged", "metric": "llm_judge", "metricOptions": {"judgeModel": "%s", "rubric": "Opposite?"},
				 "examples": [{"input": "hot", "output": "cold"}, {"input": "big", "output": "small"}]}""";
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"task\": " + judged.formatted("gpt-secret") + "}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("task.metricOptions.judgeModel"))
			.andExpect(jsonPath("$.errors[0].message", containsString("gpt-other")));
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"task\": " + judged.formatted("gpt-other") + "}"))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.progress.judgeCalls").value(0));
		this.mvc.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON)
			.content(
					"{\"name\": \"j\", \"metric\": \"llm_judge\", \"examples\": [{\"input\": \"a\", \"output\": \"b\"}]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field", hasItem("metricOptions.judgeModel")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("metricOptions.rubric")));
	}

	// bean validation and JSON reading of the settings: JobControllerTest
	@Test
	void namesAGenerationCapBelowTheBatchSize() throws Exception {
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"task\": " + TASK + ", \"settings\": {\"batchSize\": 10, \"maxGenerationsPerBatch\": 9}}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("settings.maxGenerationsPerBatch"))
			.andExpect(jsonPath("$.errors[0].message", containsString("batchSize (10)")));
		this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"task\": " + TASK + ", \"settings\": {\"schedule\": \"eager\"}}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("settings.schedule"));
	}

	@Test
	void refusesTasksTooSmallToSplit() throws Exception {
		this.mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
			.content(
					"{\"task\": {\"name\": \"one\", \"metric\": \"f1\", \"examples\": [{\"input\": \"a\", \"output\": \"b\"}]}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("task.examples"));
	}

	@Test
	void namesBadFieldsOfAnInlineTask() throws Exception {
		this.mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
			.content(
					"{\"task\": {\"name\": \"x\", \"metric\": \"f1\", \"examples\": [{\"input\": \"a\"}, {\"input\": \"b\", \"output\": \"c\"}]}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("task.examples[0].output"));
	}

	@Test
	void listsJobsFilteredByStatus() throws Exception {
		String queued = createJob("{\"task\": " + TASK + "}");
		String cancelled = createJob("{\"task\": " + TASK + "}");
		this.mvc.perform(post("/jobs/" + cancelled + "/cancel")).andExpect(status().isAccepted());

		this.mvc.perform(get("/jobs?status=QUEUED&size=500"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[*].id", hasItem(queued)))
			.andExpect(jsonPath("$.content[*].id", not(hasItem(cancelled))))
			.andExpect(jsonPath("$.page.size").value(500));
		this.mvc.perform(get("/jobs?status=cancelled&size=500"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[*].id", hasItem(cancelled)));
	}

	@Test
	void cancelsQueuedJobOnceThenAnswers409() throws Exception {
		String id = createJob("{\"task\": " + TASK + "}");
		this.mvc.perform(post("/jobs/" + id + "/cancel"))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("CANCELLED"))
			.andExpect(jsonPath("$.stopReason").value("CANCELLED"))
			.andExpect(jsonPath("$.finishedAt").isString());
		this.mvc.perform(post("/jobs/" + id + "/cancel"))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(post("/jobs/" + UUID.randomUUID() + "/cancel")).andExpect(status().isNotFound());
	}

	@Test
	void bestIs404WithoutTrialsThenTheHighestEarliestTrial() throws Exception {
		String id = createJob("{\"task\": " + TASK + "}");
		this.mvc.perform(get("/jobs/" + id + "/best"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get("/jobs/" + id + "/trials"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content.length()").value(0));

		UUID jobId = UUID.fromString(id);
		Instant now = Instant.now();
		// a generation that yielded no instruction is listed but never the best
		this.trials.save(Trial.failedGeneration(jobId, 3, 1, TrialOrigin.PROPOSAL, new double[] { 0.7, 0.8 },
				"\uFFFD \n", 2, 4L, now));
		this.mvc.perform(get("/jobs/" + id + "/best")).andExpect(status().isNotFound());
		this.trials.save(new Trial(jobId, 0, 0, TrialOrigin.INITIAL, new double[] { 0.1, -0.2 }, "Say the opposite.",
				"Sure! Say the opposite.", 0.5, new double[] { 1, 0 }, false, 10, 2, 5L, 7L, now));
		this.trials.save(new Trial(jobId, 1, 0, TrialOrigin.INITIAL, new double[] { 0.3, 0.4 }, "Give the antonym.",
				"The instruction was to give the antonym.", 1.0, new double[] { 1, 1 }, false, 10, 2, 5L, 7L, now));
		this.trials.save(new Trial(jobId, 2, 1, TrialOrigin.PROPOSAL, new double[] { 0.5, 0.6 }, "Write the antonym.",
				"Write the antonym.", 1.0, new double[] { 1, 1 }, false, 10, 2, 5L, 7L, now));

		this.mvc.perform(get("/jobs/" + id + "/best"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.instruction").value("Give the antonym."))
			.andExpect(jsonPath("$.ordinal").value(1))
			.andExpect(jsonPath("$.devScore").value(1.0))
			.andExpect(jsonPath("$.rawReply").value("The instruction was to give the antonym."))
			.andExpect(jsonPath("$.softPrompt[1]").value(0.4))
			.andExpect(jsonPath("$.strategy").value("instructzero"))
			.andExpect(jsonPath("$.selectedBy").value("dev-score"))
			.andExpect(jsonPath("$.devExamples").value(2))
			.andExpect(jsonPath("$.widerScore").doesNotExist());
		this.mvc.perform(get("/jobs/" + id)).andExpect(jsonPath("$.progress.bestOrdinal").value(1));

		// the final selection preferred the later, equally scored trial: it is the best
		// now,
		// for /best and for the job's progress alike
		this.finalCandidates.save(new FinalCandidate(jobId, 1, 1, new double[] { 1, 0, 0 }, 0.6, 5,
				ScoreInterval.wilson(3, 5), 0, 0, now));
		this.finalCandidates.save(new FinalCandidate(jobId, 2, 2, new double[] { 1, 1, 0 }, 0.8, 5,
				ScoreInterval.wilson(4, 5), 0, 0, now));
		this.finalCandidates.markChosen(jobId, 2);
		this.mvc.perform(get("/jobs/" + id + "/best"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.instruction").value("Write the antonym."))
			.andExpect(jsonPath("$.ordinal").value(2))
			.andExpect(jsonPath("$.selectedBy").value("final-selection"))
			.andExpect(jsonPath("$.devScore").value(1.0))
			.andExpect(jsonPath("$.widerScore.score").value(0.8))
			.andExpect(jsonPath("$.widerScore.examples").value(5))
			.andExpect(jsonPath("$.widerScore.candidatesCompared").value(2))
			.andExpect(jsonPath("$.widerScore.interval.method").value("wilson"))
			.andExpect(jsonPath("$.widerScore.interval.confidence").value(0.95))
			.andExpect(jsonPath("$.widerScore.interval.low").value(ScoreInterval.wilson(4, 5).low()))
			.andExpect(jsonPath("$.widerScore.interval.high").value(ScoreInterval.wilson(4, 5).high()));
		this.mvc.perform(get("/jobs/" + id))
			.andExpect(jsonPath("$.progress.bestOrdinal").value(2))
			.andExpect(jsonPath("$.progress.bestDevScore").value(1.0));

		this.mvc.perform(get("/jobs/" + id + "/trials?sort=devScore,desc&size=2"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[0].ordinal").value(1))
			.andExpect(jsonPath("$.content[1].ordinal").value(2))
			.andExpect(jsonPath("$.content[0].origin").value("initial"))
			.andExpect(jsonPath("$.content[0].exampleScores[1]").value(1.0))
			.andExpect(jsonPath("$.content[0].duplicate").value(false))
			.andExpect(jsonPath("$.content[0].tokens.in").value(10))
			.andExpect(jsonPath("$.page.totalElements").value(4));
		this.mvc.perform(get("/jobs/" + id + "/trials?sort=ordinal,asc"))
			.andExpect(jsonPath("$.content[0].instruction").value("Say the opposite."))
			.andExpect(jsonPath("$.content[0].rawReply").value("Sure! Say the opposite."))
			.andExpect(jsonPath("$.content[0].generationFailed").value(false))
			.andExpect(jsonPath("$.content[2].origin").value("proposal"));
		this.mvc.perform(get("/jobs/" + id + "/trials?generationFailed=true"))
			.andExpect(jsonPath("$.page.totalElements").value(1))
			.andExpect(jsonPath("$.content[0].ordinal").value(3))
			.andExpect(jsonPath("$.content[0].generationFailed").value(true))
			.andExpect(jsonPath("$.content[0].instruction").value(""))
			.andExpect(jsonPath("$.content[0].rawReply").value("\uFFFD \n"))
			.andExpect(jsonPath("$.content[0].devScore").value(0.0))
			.andExpect(jsonPath("$.content[0].tokens.in").value(0));
		this.mvc.perform(get("/jobs/" + id + "/trials?generationFailed=false"))
			.andExpect(jsonPath("$.page.totalElements").value(3));
	}

	@Test
	void answersUnknownJobIdsWith404() throws Exception {
		this.mvc.perform(get("/jobs/" + UUID.randomUUID())).andExpect(status().isNotFound());
		this.mvc.perform(get("/jobs/" + UUID.randomUUID() + "/trials")).andExpect(status().isNotFound());
		this.mvc.perform(get("/jobs/" + UUID.randomUUID() + "/best")).andExpect(status().isNotFound());
	}

}
