package dev.instructzero.web;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@IntegrationTest
@TestPropertySource(properties = "instructzero.security.api-tokens=first-token,second-token")
class ApiTokenSecurityTest {

	@Autowired
	MockMvc mvc;

	@Test
	void refusesRequestsWithoutTokenAsProblem() throws Exception {
		this.mvc.perform(get("/tasks"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Bearer"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401));
		this.mvc.perform(get("/jobs")).andExpect(status().isUnauthorized());
	}

	@Test
	void refusesWrongOrPrefixTokens() throws Exception {
		this.mvc.perform(get("/tasks").header("Authorization", "Bearer first-toke"))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/tasks").header("Authorization", "Bearer first-token-and-more"))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/tasks").header("Authorization", "Basic Zmlyc3QtdG9rZW4="))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void acceptsEveryConfiguredToken() throws Exception {
		this.mvc.perform(get("/tasks").header("Authorization", "Bearer first-token")).andExpect(status().isOk());
		this.mvc.perform(get("/jobs").header("Authorization", "bearer second-token")).andExpect(status().isOk());
	}

	@Test
	void keepsHealthAndApiDocsOpen() throws Exception {
		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"));
		this.mvc.perform(get("/v3/api-docs"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/jobs']").exists());
	}

}
