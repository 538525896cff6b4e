package dev.instructzero.job;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.instructzero.bo.KernelChoice;
import dev.instructzero.evaluator.JobBudget;
import dev.instructzero.web.ApiSliceTest;
import dev.instructzero.web.ConflictException;
import dev.instructzero.web.FieldViolation;
import dev.instructzero.web.InvalidRequestException;
import dev.instructzero.web.NotConfiguredException;
import dev.instructzero.web.NotFoundException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import static dev.instructzero.support.TestClients.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP contract of {@code /jobs} without a database: what bean validation, JSON
 * reading and the controller refuse before {@link JobService} is asked, and how the
 * service's exceptions reach the client. Rules {@link JobService} checks itself (model
 * allow-list, task size, generation cap) stay in {@link JobApiTest}.
 */
class JobControllerTest extends JobApiSlice {

	static final String TASK = """
			{"name": "antonyms", "metric": "exact_match",
			 "examples": [{"input": "hot", "output": "cold"}, {"input": "big", "output": "small"}]}""";

	ResultActions postJob(String json) throws Exception {
		return this.mvc
			.perform(as(ApiSliceTest.ALICE, post("/jobs")).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	@Test
	void namesEveryOutOfRangeSettingInOneProblem() throws Exception {
		postJob("{\"task\": " + TASK + ", \"settings\": {\"intrinsicDim\": 101, \"devExamples\": 0}}")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Bad Request"))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.detail").value("Invalid request content."))
			.andExpect(
					jsonPath("$.errors[*].field", containsInAnyOrder("settings.devExamples", "settings.intrinsicDim")))
			// sorted by field
			.andExpect(jsonPath("$.errors[0].field").value("settings.devExamples"))
			.andExpect(jsonPath("$.errors[1].message").value("must be less than or equal to 100"));
		postJob("{\"task\": " + TASK + ", \"settings\": {\"finalCandidates\": 0, \"finalExamples\": 501}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field",
					containsInAnyOrder("settings.finalCandidates", "settings.finalExamples")));
		postJob("{\"taskId\": \"" + UUID.randomUUID() + "\", \"budget\": {\"maxTrials\": 0}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("budget.maxTrials"));
		verifyNoInteractions(this.jobs);
	}

	@Test
	void namesTheFieldOfAnUnknownKernelPromptStyleOrStrategy() throws Exception {
		postJob("{\"task\": " + TASK + ", \"settings\": {\"kernel\": \"rbf\"}}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Malformed request body."))
			.andExpect(jsonPath("$.errors.length()").value(1))
			.andExpect(jsonPath("$.errors[0].field").value("settings.kernel"));
		postJob("{\"task\": " + TASK + ", \"settings\": {\"promptStyle\": \"vicuna\"}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("settings.promptStyle"));
		postJob("{\"task\": " + TASK + ", \"strategy\": \"grid\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("strategy"));
		verifyNoInteractions(this.jobs);
	}

	@Test
	void saysWhichKernelsThereAreWhenTheKernelIsUnknown() throws Exception {
		for (String name : List.of("rbf", "", "LATENT")) {
			postJob("{\"task\": " + TASK + ", \"settings\": {\"kernel\": \"" + name + "\"}}")
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.detail").value("Malformed request body."))
				.andExpect(jsonPath("$.errors[0].field").value("settings.kernel"))
				.andExpect(jsonPath("$.errors[0].message")
					.value("unknown kernel '" + name + "' (expected instruction-coupled or latent)"));
		}
		postJob("{\"task\": " + TASK + ", \"settings\": {\"kernel\": 7}}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Malformed request body."))
			.andExpect(jsonPath("$.errors[0].field").value("settings.kernel"))
			.andExpect(jsonPath("$.errors[0].message")
				.value("unknown kernel '7' (expected instruction-coupled or latent)"));
		verifyNoInteractions(this.jobs);
	}

	@Test
	void refusesABudgetBelowItsMinimumAsInvalidContentNamingEachField() throws Exception {
		postJob("{\"task\": " + TASK
				+ ", \"budget\": {\"maxTrials\": -1, \"maxBlackBoxCalls\": -1, \"maxTokens\": 0, \"maxCostUsd\": -0.5}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid request content."))
			.andExpect(jsonPath("$.errors.length()").value(4))
			.andExpect(jsonPath("$.errors[0].field").value("budget.maxBlackBoxCalls"))
			.andExpect(jsonPath("$.errors[0].message").value("must be greater than or equal to 1"))
			.andExpect(jsonPath("$.errors[1].field").value("budget.maxCostUsd"))
			.andExpect(jsonPath("$.errors[1].message").value("must be greater than 0"))
			.andExpect(jsonPath("$.errors[2].field").value("budget.maxTokens"))
			.andExpect(jsonPath("$.errors[3].field").value("budget.maxTrials"))
			.andExpect(jsonPath("$.errors[3].message").value("must be greater than or equal to 1"));
		verifyNoInteractions(this.jobs);
	}

	@Test
	void readsAndWritesTheKernelAndTheBudgetUnderTheirWireNames() throws Exception {
		for (KernelChoice kernel : KernelChoice.values()) {
			JobSettings settings = new JobSettings(3, 2, 1, null, null, null, null, kernel, 7L, null, null, null, null);
			JobBudget budget = new JobBudget(4, 100L, 5000L, new BigDecimal("2.25"));
			given(this.jobs.create(any())).willReturn(new JobResponse(UUID.randomUUID(), JobStatus.QUEUED, null,
					Strategy.INSTRUCTZERO, UUID.randomUUID(), "gpt-3.5-turbo", settings, budget, null, null,
					ApiSliceTest.NOW, null, null, ApiSliceTest.ALICE, null, null, false));
			String wireName = kernel.wireName();
			postJob("{\"task\": " + TASK + ", \"settings\": {\"kernel\": \"" + wireName
					+ "\"}, \"budget\": {\"maxTrials\": 4, \"maxBlackBoxCalls\": 100, \"maxTokens\": 5000,"
					+ " \"maxCostUsd\": 2.25}}")
				.andExpect(status().isAccepted())
				.andExpect(jsonPath("$.settings.kernel").value(wireName))
				.andExpect(jsonPath("$.budget.maxTrials").value(4))
				.andExpect(jsonPath("$.budget.maxBlackBoxCalls").value(100))
				.andExpect(jsonPath("$.budget.maxTokens").value(5000))
				.andExpect(jsonPath("$.budget.maxCostUsd").value(2.25));
			ArgumentCaptor<CreateJobRequest> asked = ArgumentCaptor.forClass(CreateJobRequest.class);
			verify(this.jobs).create(asked.capture());
			assertThat(asked.getValue().settings().kernel()).isEqualTo(kernel);
			assertThat(asked.getValue().budget()).isEqualTo(budget);
			clearInvocations(this.jobs);
		}
		assertThat(List.of("instruction-coupled", "latent"))
			.containsExactlyElementsOf(Arrays.stream(KernelChoice.values()).map(KernelChoice::wireName).toList());
	}

	@Test
	void namesAnUnknownFieldAndAValueOfTheWrongType() throws Exception {
		postJob("{\"task\": " + TASK + ", \"settings\": {\"iterationz\": 3}}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Unknown field in request body."))
			.andExpect(jsonPath("$.errors[0].field").value("settings.iterationz"));
		postJob("{\"task\": " + TASK + ", \"settings\": {\"iterations\": 1.5}}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Malformed request body."))
			.andExpect(jsonPath("$.errors[0].field").value("settings.iterations"));
		postJob("{\"task\": ").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail", startsWith("Malformed JSON")));
		verifyNoInteractions(this.jobs);
	}

	@Test
	void passesTheServicesRefusalsOnAsProblems() throws Exception {
		willThrow(InvalidRequestException.badField("blackBoxModel", "not allowed")).given(this.jobs).create(any());
		postJob("{\"task\": " + TASK + "}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid request content."))
			.andExpect(jsonPath("$.errors[0].field").value("blackBoxModel"))
			.andExpect(jsonPath("$.errors[0].message").value("not allowed"));
		willThrow(new NotConfiguredException("The strategy cannot run here.",
				List.of(new FieldViolation("strategy", "needs a generator"))))
			.given(this.jobs)
			.create(any());
		postJob("{\"task\": " + TASK + "}").andExpect(status().isUnprocessableContent())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Unprocessable Content"))
			.andExpect(jsonPath("$.detail").value("The strategy cannot run here."))
			.andExpect(jsonPath("$.errors[0].field").value("strategy"));
		UUID id = UUID.randomUUID();
		given(this.jobs.cancel(id)).willThrow(new ConflictException("Job " + id + " has already finished."));
		this.mvc.perform(as(ApiSliceTest.ALICE, post("/jobs/" + id + "/cancel")))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Conflict"))
			.andExpect(jsonPath("$.detail", containsString(id.toString())));
		given(this.jobs.get(id)).willThrow(new NotFoundException("No job " + id + "."));
		this.mvc.perform(as(ApiSliceTest.ALICE, get("/jobs/" + id)))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Not Found"))
			.andExpect(jsonPath("$.detail").value("No job " + id + "."));
	}

	@Test
	void namesAnUnknownStatusFilterAndAMalformedJobId() throws Exception {
		this.mvc.perform(as(ApiSliceTest.ALICE, get("/jobs?status=DONE")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("status"))
			.andExpect(jsonPath("$.errors[0].message", containsString("QUEUED, RUNNING")));
		this.mvc.perform(as(ApiSliceTest.ALICE, get("/jobs/123")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid request parameter."))
			.andExpect(jsonPath("$.errors[0].field").value("id"))
			.andExpect(jsonPath("$.errors[0].message").value("'123' is not a valid UUID"));
		this.mvc.perform(as(ApiSliceTest.ALICE, delete("/tasks/not-a-task")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("id"));
		this.mvc.perform(as(ApiSliceTest.ALICE, get("/jobs?size=0")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		verifyNoInteractions(this.jobs);
	}

	@Test
	void namesALastEventIdThatIsNoOrdinal() throws Exception {
		this.mvc
			.perform(
					as(ApiSliceTest.ALICE, get("/jobs/" + UUID.randomUUID() + "/events")).header("Last-Event-ID", "x7"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("Last-Event-ID"));
		verify(this.streams, never()).open(any(), any());
	}

	@Test
	void answersWithoutAValidBearerTokenWith401BeforeTheController() throws Exception {
		this.mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"task\": " + TASK + "}"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Bearer"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("about:blank"))
			.andExpect(jsonPath("$.title").value("Unauthorized"))
			.andExpect(jsonPath("$.instance").value("/jobs"));
		this.mvc.perform(get("/jobs").header("Authorization", "Bearer token-of-mallory"))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(delete("/tasks/" + UUID.randomUUID()).header("Authorization", "Basic YWxpY2U6YQ=="))
			.andExpect(status().isUnauthorized());
		verifyNoInteractions(this.jobs);
	}

	@Test
	void deletesATaskThroughTheService() throws Exception {
		UUID id = UUID.randomUUID();
		this.mvc.perform(as(ApiSliceTest.ALICE, delete("/tasks/" + id))).andExpect(status().isNoContent());
		verify(this.jobs).deleteTask(id);
	}

}
