package dev.instructzero.job;

import java.math.BigDecimal;

import dev.instructzero.web.ApiSliceTest;
import dev.instructzero.web.Caller;
import org.junit.jupiter.api.Test;

import static dev.instructzero.support.TestClients.bearer;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /clients/me}'s caller, without a database.
 */
class ClientControllerTest extends JobApiSlice {

	@Test
	void showsTheAuthenticatedClientsOwnUsage() throws Exception {
		given(this.quotas.usage(any())).willAnswer((call) -> {
			Caller caller = call.getArgument(0);
			return new ClientQuotas.ClientUsage(caller.name(), caller.admin() ? "admin" : "user", 1, BigDecimal.ONE, 2,
					null, null);
		});
		this.mvc.perform(get("/clients/me").with(bearer(ApiSliceTest.ALICE)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.client").value(ApiSliceTest.ALICE))
			.andExpect(jsonPath("$.role").value("user"))
			.andExpect(jsonPath("$.maxConcurrentJobs").value(2));
		this.mvc.perform(get("/clients/me").with(bearer(ApiSliceTest.ADMIN)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.client").value(ApiSliceTest.ADMIN))
			.andExpect(jsonPath("$.role").value("admin"));
		this.mvc.perform(get("/clients/me")).andExpect(status().isUnauthorized());
	}

}
