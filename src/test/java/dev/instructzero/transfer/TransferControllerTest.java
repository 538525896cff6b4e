package dev.instructzero.transfer;

import java.util.UUID;

import dev.instructzero.web.ApiSliceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static dev.instructzero.support.TestClients.bearer;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /jobs/{id}/transfer}'s bean validation, without a database. The allow-list
 * and call cap of a transfer stay in {@code job.ComparisonsEndToEndTest}.
 */
@ApiSliceTest(TransferController.class)
class TransferControllerTest {

	final UUID job = UUID.randomUUID();

	@Autowired
	MockMvc mvc;

	@MockitoBean
	TransferService transfer;

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

}
