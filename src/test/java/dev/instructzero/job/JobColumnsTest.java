package dev.instructzero.job;

import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The job's settings and budget are typed attributes over the same jsonb columns: rows
 * stored by earlier versions read as they did, and new rows are stored in the same form.
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.ai.openai.api-key=test-key",
		"instructzero.generator.vllm.base-url=http://127.0.0.1:9", "instructzero.generator.vllm.model=vicuna",
		"instructzero.generator.checkpoint-dir=target/no-checkpoint", "instructzero.jobs.reconcile-interval=PT1H" })
class JobColumnsTest {

	// the settings of the first release: no prompt style, final selection, replacements,
	// racing or budget-driven fields
	private static final String OLD_SETTINGS = """
			{"initialTrials": 3, "batchSize": 2, "iterations": 1, "exemplars": 2, "devExamples": 2,
			 "softPromptTokens": 5, "intrinsicDim": 10, "kernel": "latent", "seed": 42}""";

	private static final String OLD_BUDGET = """
			{"maxTrials": null, "maxBlackBoxCalls": 100, "maxTokens": null, "maxCostUsd": 1.5}""";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void readsARowStoredInTheOldFormAndLeavesItAsItWas() throws Exception {
		UUID taskId = createTask();
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into job (id, task_id, strategy, black_box_model, settings, budget, seed, status, phase,
				  current_iteration, trials_planned, trials_done, finished_at)
				values (:id, :task, 'instructzero', 'gpt-3.5-turbo', :settings::jsonb, :budget::jsonb, 42, 'FAILED',
				  'failed', 1, 5, 5, now())""")
			.param("id", id)
			.param("task", taskId)
			.param("settings", OLD_SETTINGS)
			.param("budget", OLD_BUDGET)
			.update();

		this.mvc.perform(get("/jobs/" + id))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("FAILED"))
			.andExpect(jsonPath("$.progress.phase").value("failed"))
			.andExpect(jsonPath("$.progress.currentIteration").value(1))
			.andExpect(jsonPath("$.settings.seed").value(42))
			.andExpect(jsonPath("$.settings.kernel").value("latent"))
			.andExpect(jsonPath("$.settings.batchSize").value(2))
			// defaults of the fields added since, as the service always filled them
			.andExpect(jsonPath("$.settings.promptStyle").value("chat"))
			.andExpect(jsonPath("$.settings.maxGenerationsPerBatch").value(6))
			.andExpect(jsonPath("$.settings.finalCandidates").value(5))
			.andExpect(jsonPath("$.budget.maxBlackBoxCalls").value(100))
			.andExpect(jsonPath("$.budget.maxCostUsd").value(1.5))
			.andExpect(jsonPath("$.budget.maxTrials").value(nullValue()));

		// reading fills defaults in memory only: the stored row is not rewritten
		Map<String, Object> row = this.jdbc.sql("select settings::text as s, budget::text as b from job where id = :id")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(row.get("s")).isEqualTo(jsonb(OLD_SETTINGS));
		assertThat(row.get("b")).isEqualTo(jsonb(OLD_BUDGET));
	}

	@Test
	void storesANewJobsSettingsAndBudgetAsJsonObjects() throws Exception {
		String body = this.mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content("""
				{"task": %s, "settings": {"initialTrials": 3, "batchSize": 2, "iterations": 1, "seed": 7},
				 "budget": {"maxBlackBoxCalls": 50, "maxCostUsd": 2.25}}""".formatted(JobApiTest.TASK)))
			.andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID id = UUID.fromString(JsonPath.read(body, "$.id"));

		// the quota query reads budget ->> 'maxCostUsd'; ad-hoc queries read the settings
		Map<String, Object> row = this.jdbc.sql("""
				select jsonb_typeof(settings) as st, settings ->> 'seed' as seed, settings ->> 'promptStyle' as style,
				  jsonb_typeof(budget) as bt, (budget ->> 'maxCostUsd')::numeric as cost,
				  budget ->> 'maxBlackBoxCalls' as calls
				from job where id = :id""").param("id", id).query().singleRow();
		assertThat(row).containsEntry("st", "object")
			.containsEntry("seed", "7")
			.containsEntry("style", "chat")
			.containsEntry("bt", "object")
			.containsEntry("calls", "50");
		assertThat(row.get("cost")).hasToString("2.25");
	}

	private String jsonb(String json) {
		return this.jdbc.sql("select cast(:json as jsonb)::text").param("json", json).query(String.class).single();
	}

	private UUID createTask() throws Exception {
		String body = this.mvc.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON).content(JobApiTest.TASK))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JsonPath.read(body, "$.id"));
	}

}
