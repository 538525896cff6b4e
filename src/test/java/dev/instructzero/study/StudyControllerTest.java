package dev.instructzero.study;

import java.util.UUID;

import dev.instructzero.web.ApiSliceTest;
import dev.instructzero.web.NotFoundException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static dev.instructzero.support.TestClients.bearer;
import static dev.instructzero.web.ApiSliceTest.ALICE;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP contract of {@code /studies} without a database: bean validation of a study,
 * the paging and report parameters the controller refuses, and the service's 404. The
 * grid and base-job rules {@link StudyService} checks stay in {@link StudyRequestTest}.
 */
@ApiSliceTest(StudyController.class)
class StudyControllerTest {

	static final String GRID = "\"grid\": {\"kernel\": [\"instruction-coupled\", \"latent\"]}";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	StudyService studies;

	@MockitoBean
	StudyReports reports;

	ResultActions postStudy(String json) throws Exception {
		return this.mvc
			.perform(post("/studies").with(bearer(ALICE)).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	@Test
	void namesMissingOrTooManySeeds() throws Exception {
		String task = UUID.randomUUID().toString();
		postStudy("{\"taskId\": \"" + task + "\", " + GRID + "}").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Invalid request content."))
			.andExpect(jsonPath("$.errors.length()").value(1))
			.andExpect(jsonPath("$.errors[0].field").value("seeds"));
		postStudy("{\"taskId\": \"" + task + "\", \"seeds\": 51}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("seeds"))
			.andExpect(jsonPath("$.errors[0].message").value("must be less than or equal to 50"));
		postStudy("{\"taskId\": \"" + task + "\", \"seeds\": 2, \"name\": \"" + "n".repeat(201) + "\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("name"));
		postStudy("{\"seeds\": 2, \"task\": {\"name\": \"t\", \"metric\": \"f1\", \"examples\": []}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("task.examples"));
		verifyNoInteractions(this.studies);
	}

	@Test
	void namesPagingOutOfRange() throws Exception {
		this.mvc.perform(get("/studies?page=-1").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("page"));
		this.mvc.perform(get("/studies?size=101").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("size"))
			.andExpect(jsonPath("$.errors[0].message").value("must be 1 to 100"));
		verifyNoInteractions(this.studies);
	}

	@Test
	void namesAReportTableThatDoesNotExist() throws Exception {
		UUID id = UUID.randomUUID();
		this.mvc.perform(get("/studies/" + id + "/report?format=csv&table=arms2").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("table"))
			.andExpect(jsonPath("$.errors[0].message", containsString("arms or convergence")));
		verifyNoInteractions(this.reports);
	}

	@Test
	void answersAnUnknownOrMalformedStudyId() throws Exception {
		UUID id = UUID.randomUUID();
		given(this.studies.get(id)).willThrow(new NotFoundException("Study " + id + " does not exist."));
		this.mvc.perform(get("/studies/" + id).with(bearer(ALICE)))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Study " + id + " does not exist."));
		this.mvc.perform(get("/studies/nope").with(bearer(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("id"));
		this.mvc.perform(get("/studies/" + id)).andExpect(status().isUnauthorized());
	}

}
