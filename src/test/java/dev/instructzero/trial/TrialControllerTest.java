package dev.instructzero.trial;

import java.util.Optional;
import java.util.UUID;

import dev.instructzero.web.ApiSliceTest;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.instructzero.support.TestClients.bearer;
import static dev.instructzero.web.ApiSliceTest.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP contract of a job's trials, best instruction, front and export without a
 * database: the query parameters the controllers refuse, naming them, and the 404 of an
 * unknown job. What the queries find stays in {@code JobApiTest} and
 * {@link CostAccuracyFrontApiTest}.
 */
@ApiSliceTest({ TrialController.class, TrialExportController.class })
class TrialControllerTest {

	final UUID job = UUID.randomUUID();

	@Autowired
	MockMvc mvc;

	@MockitoBean
	TrialRepository trials;

	@MockitoBean
	TrialService service;

	@MockitoBean
	TrialAnswerRepository answers;

	@MockitoBean
	JobDirectory jobs;

	void jobExists() {
		given(this.jobs.find(this.job)).willReturn(Optional.of(new JobDirectory.Entry("instructzero", "gpt-4o-mini")));
		given(this.trials.findByJobId(eq(this.job), any())).willReturn(Page.empty());
	}

	@Test
	void namesAnUnknownSortKeyOrDirection() throws Exception {
		jobExists();
		this.mvc.perform(get("/jobs/" + this.job + "/trials?sort=instruction,asc").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("sort"))
			.andExpect(jsonPath("$.errors[0].message", containsString("ordinal")));
		this.mvc.perform(get("/jobs/" + this.job + "/trials?sort=devScore,sideways").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("sort"))
			.andExpect(jsonPath("$.errors[0].message").value("direction must be asc or desc"));
		verify(this.trials, never()).findByJobId(any(), any());
	}

	@Test
	void sortsByTheScoreThenTheEarliestTrial() throws Exception {
		jobExists();
		this.mvc.perform(get("/jobs/" + this.job + "/trials?sort=devScore,desc&size=2").with(bearer(ALICE)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content.length()").value(0));
		ArgumentCaptor<Pageable> page = ArgumentCaptor.forClass(Pageable.class);
		verify(this.trials).findByJobId(eq(this.job), page.capture());
		assertThat(page.getValue().getPageSize()).isEqualTo(2);
		assertThat(page.getValue().getSort())
			.isEqualTo(Sort.by(Sort.Direction.DESC, "devScore").and(Sort.by(Sort.Direction.ASC, "ordinal")));
	}

	@Test
	void namesAGenerationFailedFilterThatIsNoBoolean() throws Exception {
		jobExists();
		this.mvc.perform(get("/jobs/" + this.job + "/trials?generationFailed=maybe").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid request parameter."))
			.andExpect(jsonPath("$.errors[0].field").value("generationFailed"))
			.andExpect(jsonPath("$.errors[0].message").value("'maybe' is not a valid Boolean"));
	}

	@Test
	void namesAWithinOutsideZeroToOne() throws Exception {
		jobExists();
		for (String bad : new String[] { "-0.1", "1.5", "abc", "NaN" }) {
			this.mvc.perform(get("/jobs/" + this.job + "/best?within=" + bad).with(bearer(ALICE)))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.errors[0].field").value("within"));
		}
		verify(this.service, never()).shortestWithin(any(), any(), anyDouble());
	}

	@Test
	void namesAMalformedJobId() throws Exception {
		for (String path : new String[] { "/jobs/123/best", "/jobs/123/trials", "/jobs/123/front",
				"/jobs/123/trials/1" }) {
			this.mvc.perform(get(path).with(bearer(ALICE)))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.errors[0].field").value("jobId"))
				.andExpect(jsonPath("$.errors[0].message").value("'123' is not a valid UUID"));
		}
	}

	@Test
	void answersAnUnknownJobWith404() throws Exception {
		for (String path : new String[] { "/trials", "/best", "/front", "/trials/1", "/trials?format=csv" }) {
			this.mvc.perform(get("/jobs/" + this.job + path).with(bearer(ALICE)))
				.andExpect(status().isNotFound())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.detail").value("Job " + this.job + " does not exist."));
		}
	}

	@Test
	void answersABestOfAJobWithoutInstructionsWith404() throws Exception {
		jobExists();
		this.mvc.perform(get("/jobs/" + this.job + "/best").with(bearer(ALICE)))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("Job " + this.job + " has no trial with an instruction yet."));
		verify(this.service).best(this.job, "instructzero");
	}

	@Test
	void needsABearerToken() throws Exception {
		this.mvc.perform(get("/jobs/" + this.job + "/trials")).andExpect(status().isUnauthorized());
		verify(this.jobs, never()).find(any());
	}

}
