package dev.instructzero.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.instructzero.support.IntegrationTest;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialOrigin;
import dev.instructzero.trial.TrialRepository;
import dev.instructzero.support.TestClients;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@IntegrationTest
@TestPropertySource(
		properties = { "spring.ai.openai.api-key=test-key", "instructzero.evaluator.default-model=gpt-test" })
class ExportAndDeletionTest {

	static final String OWNER = "owner";

	static final String OTHER = "other";

	// more than one page of the export (500), to cover its paging
	static final int TRIALS = 501;

	@DynamicPropertySource
	static void clients(DynamicPropertyRegistry registry) {
		for (String client : List.of(OWNER, OTHER)) {
			registry.add("instructzero.security.clients." + client + ".token-sha256",
					() -> TestClients.sha256(TestClients.token(client)));
		}
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	TrialRepository trials;

	@Autowired
	JdbcTemplate jdbc;

	static MockHttpServletRequestBuilder as(String client, MockHttpServletRequestBuilder request) {
		return TestClients.as(client, request);
	}

	String create(String path, String json, int status) throws Exception {
		String body = this.mvc.perform(as(OWNER, post(path)).contentType(MediaType.APPLICATION_JSON).content(json))
			.andExpect(status().is(status))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(body, "$.id");
	}

	String task() throws Exception {
		return create("/tasks", ClientAccessTest.TASK, 201);
	}

	String job(String task) throws Exception {
		return create("/jobs", ClientAccessTest.apeJob(task), 202);
	}

	String download(MockHttpServletRequestBuilder request, String type) throws Exception {
		MvcResult started = this.mvc.perform(request).andExpect(request().asyncStarted()).andReturn();
		return this.mvc.perform(asyncDispatch(started))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(type))
			.andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString("attachment")))
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	@Test
	void exportsEveryTrialAsCsvAndJsonLines() throws Exception {
		String id = job(task());
		UUID jobId = UUID.fromString(id);
		List<Trial> saved = new ArrayList<>();
		for (int i = 0; i < TRIALS; i++) {
			String instruction = (i == 0) ? "Say \"no\", then stop" : "Instruction " + i;
			saved.add(new Trial(jobId, i, i / 25, TrialOrigin.INITIAL, new double[] { 0.1 }, instruction, instruction,
					i / 1000.0, new double[] { 1, 0 }, false, 10, 2, 5L, 7L, Instant.now()));
		}
		this.trials.saveAll(saved);

		String csv = download(as(OWNER, get("/jobs/" + id + "/trials")).accept("text/csv"), "text/csv");
		String[] lines = csv.split("\r\n");
		assertThat(lines).hasSize(TRIALS + 1);
		assertThat(lines[0]).startsWith("ordinal,iteration,origin,instruction,dev_score,test_score");
		// RFC 4180: the field with a quote and a comma is quoted, its quotes doubled
		assertThat(lines[1]).startsWith("0,0,initial,\"Say \"\"no\"\", then stop\",0.0,,false,false,10,2,5,7,");
		assertThat(lines[TRIALS]).startsWith("500,20,initial,Instruction 500,0.5,");
		// the estimated tokens of the instruction (19 UTF-8 bytes / 4, rounded up); no
		// generator named on a trial saved directly; scored on both dev examples, not
		// stopped by racing
		assertThat(lines[0]).endsWith(",created_at,instruction_tokens,generator_model,stage,stopped_early");
		assertThat(lines[1]).endsWith(",5,,2,false");
		assertThat(download(as(OWNER, get("/jobs/" + id + "/trials").param("format", "csv")), "text/csv"))
			.isEqualTo(csv);

		String jsonLines = download(as(OWNER, get("/jobs/" + id + "/trials").param("format", "jsonl")),
				"application/x-ndjson");
		String[] records = jsonLines.split("\n");
		assertThat(records).hasSize(TRIALS);
		for (int i = 0; i < TRIALS; i++) {
			assertThat((Integer) JsonPath.read(records[i], "$.ordinal")).isEqualTo(i);
		}
		assertThat((String) JsonPath.read(records[0], "$.instruction")).isEqualTo("Say \"no\", then stop");
		assertThat(download(as(OWNER, get("/jobs/" + id + "/trials")).accept("application/x-ndjson"),
				"application/x-ndjson"))
			.isEqualTo(jsonLines);

		// the paged JSON stays the default, and another client cannot export
		this.mvc.perform(as(OWNER, get("/jobs/" + id + "/trials")))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
		this.mvc.perform(as(OTHER, get("/jobs/" + id + "/trials").param("format", "csv")))
			.andExpect(status().isNotFound());
	}

	@Test
	void deletesFinishedJobsAndTasksWithTheirJobsForTheirOwnerOnly() throws Exception {
		String task = task();
		String id = job(task);
		this.trials.save(new Trial(UUID.fromString(id), 0, 0, TrialOrigin.INITIAL, new double[] { 0.1 }, "Do it.",
				"Do it.", 0.5, new double[] { 1, 0 }, false, 10, 2, 5L, 7L, Instant.now()));
		this.mvc.perform(as(OWNER, delete("/jobs/" + id))).andExpect(status().isConflict());
		this.mvc.perform(as(OWNER, delete("/tasks/" + task))).andExpect(status().isConflict());
		this.mvc.perform(as(OWNER, post("/jobs/" + id + "/cancel"))).andExpect(status().isAccepted());
		this.mvc.perform(as(OTHER, delete("/jobs/" + id))).andExpect(status().isNotFound());
		this.mvc.perform(as(OTHER, delete("/tasks/" + task))).andExpect(status().isNotFound());

		this.mvc.perform(as(OWNER, delete("/jobs/" + id))).andExpect(status().isNoContent());
		this.mvc.perform(as(OWNER, get("/jobs/" + id))).andExpect(status().isNotFound());
		assertThat(this.jdbc.queryForObject("select count(*) from trial where job_id = ?", Long.class,
				UUID.fromString(id)))
			.isZero();

		String second = job(task);
		this.mvc.perform(as(OWNER, post("/jobs/" + second + "/cancel"))).andExpect(status().isAccepted());
		this.mvc.perform(as(OWNER, delete("/tasks/" + task))).andExpect(status().isNoContent());
		this.mvc.perform(as(OWNER, get("/tasks/" + task))).andExpect(status().isNotFound());
		this.mvc.perform(as(OWNER, get("/jobs/" + second))).andExpect(status().isNotFound());
		assertThat(this.jdbc.queryForObject("select count(*) from task_example where task_id = ?", Long.class,
				UUID.fromString(task)))
			.isZero();
	}

}
