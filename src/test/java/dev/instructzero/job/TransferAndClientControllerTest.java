package dev.instructzero.job;

import java.math.BigDecimal;
import java.util.UUID;

import dev.instructzero.web.ApiSliceTest;
import dev.instructzero.web.Caller;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import static dev.instructzero.support.TestClients.bearer;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /jobs/{id}/transfer}'s bean validation and {@code GET /clients/me}'s
 * caller, without a database. The allow-list and call cap of a transfer stay in
 * {@link ComparisonsEndToEndTest}.
 */
class TransferAndClientControllerTest extends JobApiSlice {

	final UUID job = UUID.randomUUID();

	ResultActions postTransfer(String json) throws Exception {
		return this.mvc.perform(post("/jobs/" + this.job + "/transfer").with(bearer(ApiSliceTest.ALICE))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	@Test
	void namesEachTransferFieldOutOfRange() throws Exception {
		postTransfer("{\"models\": []}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid request content."))
			.andExpect(jsonPath("$.errors[0].field").value("models"));
		postTransfer("{\"models\": [\"gpt\"], \"topK\": 0}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("topK"));
		postTransfer("{\"models\": [\"gpt\"], \"topK\": 51}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("topK"));
		postTransfer("{\"models\": [\"gpt\", \"\"]}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("models[1]"));
		postTransfer("{\"models\": [\"gpt\"], \"budget\": {\"maxBlackBoxCalls\": 0}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("budget.maxBlackBoxCalls"));
		postTransfer("{\"models\": [\"gpt\"], \"budget\": {\"maxCostUsd\": 0}}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("budget.maxCostUsd"));
		verifyNoInteractions(this.transfer);
	}

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
