package dev.instructzero.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The services throw domain exceptions that know no HTTP status; the problem handler
 * gives each its status, and keeps the detail and the named fields.
 */
class DomainExceptionProblemsTest {

	final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Throwing())
		.setControllerAdvice(new ProblemHandler())
		.build();

	@Test
	void invalidContentIs400NamingTheField() throws Exception {
		this.mvc.perform(get("/throw/invalid"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Invalid request content."))
			.andExpect(jsonPath("$.errors[0].field").value("topK"))
			.andExpect(jsonPath("$.errors[0].message").value("too many"));
	}

	@Test
	void aMissingComponentIs422NamingTheSetting() throws Exception {
		this.mvc.perform(get("/throw/not-configured"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("The black box is not configured."))
			.andExpect(jsonPath("$.errors[0].field").value("spring.ai.openai.api-key"));
	}

	@Test
	void aQuotaIs429NamingTheQuota() throws Exception {
		this.mvc.perform(get("/throw/quota"))
			.andExpect(status().isTooManyRequests())
			.andExpect(jsonPath("$.detail").value("Quota 'maxConcurrentJobs' exceeded: 2 jobs run already"))
			.andExpect(jsonPath("$.errors[0].field").value("quota.maxConcurrentJobs"));
	}

	@Test
	void aRestatedProblemKeepsItsStatus() throws Exception {
		this.mvc.perform(get("/throw/restated-quota"))
			.andExpect(status().isTooManyRequests())
			.andExpect(jsonPath("$.detail").value("Arm 'a': Quota 'maxConcurrentJobs' exceeded: 2 jobs run already"));
		this.mvc.perform(get("/throw/restated-not-configured"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("Arm 'a': The black box is not configured."));
	}

	@Test
	void notFoundConflictOverloadAndUpstreamFailures() throws Exception {
		this.mvc.perform(get("/throw/not-found"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("Job 1 does not exist."));
		this.mvc.perform(get("/throw/conflict"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("Job 1 is RUNNING."));
		this.mvc.perform(get("/throw/at-capacity"))
			.andExpect(status().isTooManyRequests())
			.andExpect(jsonPath("$.detail").value("This replica already serves 3 event streams"));
		this.mvc.perform(get("/throw/shutting-down"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.detail").value("This replica is shutting down."));
		this.mvc.perform(get("/throw/upstream"))
			.andExpect(status().isBadGateway())
			.andExpect(jsonPath("$.detail").value("Black-box evaluation failed: 500"));
	}

	@RestController
	static class Throwing {

		@GetMapping("/throw/{kind}")
		String fail(@PathVariable String kind) {
			NotConfiguredException notConfigured = new NotConfiguredException("The black box is not configured.", List
				.of(new FieldViolation("spring.ai.openai.api-key", "the black-box endpoint is not configured")));
			QuotaExceededException quota = new QuotaExceededException("maxConcurrentJobs", "2 jobs run already");
			throw switch (kind) {
				case "invalid" -> InvalidRequestException.badField("topK", "too many");
				case "not-configured" -> notConfigured;
				case "quota" -> quota;
				case "restated-quota" -> quota.restated("Arm 'a': " + quota.getMessage(), quota.violations());
				case "restated-not-configured" ->
					notConfigured.restated("Arm 'a': " + notConfigured.getMessage(), notConfigured.violations());
				case "not-found" -> new NotFoundException("Job 1 does not exist.");
				case "conflict" -> new ConflictException("Job 1 is RUNNING.");
				case "at-capacity" -> OverloadedException.atCapacity("This replica already serves 3 event streams");
				case "shutting-down" -> OverloadedException.shuttingDown("This replica is shutting down.");
				default -> new UpstreamFailureException("Black-box evaluation failed: 500", new RuntimeException());
			};
		}

	}

}
