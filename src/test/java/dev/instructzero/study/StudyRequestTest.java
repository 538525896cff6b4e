package dev.instructzero.study;

import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static dev.instructzero.support.TestClients.as;
import static dev.instructzero.support.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /studies} validation (problems naming the study's field, nothing created),
 * the arms' jobs (settings, seeds, budget share) and ownership. Jobs stay QUEUED (no
 * background server).
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.ai.openai.api-key=test-key",
		"instructzero.generator.vllm.base-url=http://127.0.0.1:9", "instructzero.generator.vllm.model=vicuna",
		"instructzero.generator.checkpoint-dir=target/no-checkpoint", "instructzero.evaluator.default-model=gpt-test",
		"jobrunr.background-job-server.enabled=false" })
class StudyRequestTest {

	static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	static final String ALICE = "alice-" + RUN;

	static final String BOB = "bob-" + RUN;

	static final String ADMIN = "ops-" + RUN;

	static final String LIMITED = "limited-" + RUN;

	static final String TASK = """
			{"name": "antonyms", "metric": "exact_match",
			 "examples": [{"input": "hot", "output": "cold"}, {"input": "big", "output": "small"},
			              {"input": "up", "output": "down"}, {"input": "in", "output": "out"}]}
			""";

	@DynamicPropertySource
	static void clients(DynamicPropertyRegistry registry) {
		for (String client : List.of(ALICE, BOB, LIMITED)) {
			register(registry, client, "user");
		}
		register(registry, ADMIN, "admin");
		registry.add("instructzero.security.clients." + LIMITED + ".max-concurrent-jobs", () -> "2");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	MockHttpServletResponse postStudy(String client, String json) throws Exception {
		return this.mvc.perform(as(client, post("/studies")).contentType(MediaType.APPLICATION_JSON).content(json))
			.andReturn()
			.getResponse();
	}

	String createTask(String client) throws Exception {
		String body = this.mvc.perform(as(client, post("/tasks")).contentType(MediaType.APPLICATION_JSON).content(TASK))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(body, "$.id");
	}

	long jobsOf(String client) {
		return this.jdbc.queryForObject("select count(*) from job where owner = ?", Long.class, client);
	}

	long studiesOf(String client) {
		return this.jdbc.queryForObject("select count(*) from study where owner = ?", Long.class, client);
	}

	/**
	 * The problem's fields, after checking it is a 400 problem and nothing was created.
	 */
	List<String> refusedFields(String json) throws Exception {
		long jobs = jobsOf(ALICE);
		long studies = studiesOf(ALICE);
		MockHttpServletResponse response = postStudy(ALICE, json);
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
		assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(jobsOf(ALICE)).isEqualTo(jobs);
		assertThat(studiesOf(ALICE)).isEqualTo(studies);
		return JsonPath.read(response.getContentAsString(), "$.errors[*].field");
	}

	String messageOf(String json, String field) throws Exception {
		List<String> messages = JsonPath.read(postStudy(ALICE, json).getContentAsString(),
				"$.errors[?(@.field == '" + field + "')].message");
		assertThat(messages).isNotEmpty();
		return messages.get(0);
	}

	@Test
	void refusesAGridKeyThatIsNoSettingNamingIt() throws Exception {
		String task = createTask(ALICE);
		String unknown = "{\"taskId\": \"" + task + "\", \"seeds\": 2, \"grid\": {\"temperatureOfTheMoon\": [1, 2]}}";
		assertThat(refusedFields(unknown)).containsExactly("grid.temperatureOfTheMoon");
		assertThat(messageOf(unknown, "grid.temperatureOfTheMoon")).contains("unknown setting")
			.contains("kernel")
			.contains("intrinsicDim");
		// the study sets seeds and budgets itself
		assertThat(refusedFields("{\"taskId\": \"" + task + "\", \"seeds\": 2, \"grid\": {\"seed\": [1, 2]}}"))
			.containsExactly("grid.seed");
		assertThat(refusedFields("{\"taskId\": \"" + task + "\", \"seeds\": 2, \"grid\": {\"kernel\": []}}"))
			.containsExactly("grid.kernel");
	}

	@Test
	void refusesAGridValueTheJobValidationRefusesNamingTheGridKey() throws Exception {
		String task = createTask(ALICE);
		String tooLarge = "{\"taskId\": \"" + task + "\", \"seeds\": 2, \"grid\": {\"intrinsicDim\": [10, 500]}}";
		assertThat(refusedFields(tooLarge)).containsExactly("grid.intrinsicDim");
		assertThat(messageOf(tooLarge, "grid.intrinsicDim")).startsWith("value 500:");
		assertThat(refusedFields(
				"{\"taskId\": \"" + task + "\", \"seeds\": 2, \"grid\": {\"kernel\": [\"latent\", \"rbf\"]}}"))
			.containsExactly("grid.kernel");
		assertThat(refusedFields(
				"{\"taskId\": \"" + task + "\", \"seeds\": 1, \"grid\": {\"strategy\": [\"ape\", \"bayes\"]}}"))
			.containsExactly("grid.strategy");
		// a rule JobService checks, not bean validation: batch size against the cap
		assertThat(refusedFields("{\"taskId\": \"" + task + "\", \"seeds\": 1, \"baseJob\": {\"settings\": "
				+ "{\"maxGenerationsPerBatch\": 4}}, \"grid\": {\"batchSize\": [2, 8]}}"))
			.containsExactly("baseJob.settings.maxGenerationsPerBatch");
	}

	@Test
	void refusesABadBaseJobBaselineSeedsOrBudgetNamingTheField() throws Exception {
		String task = createTask(ALICE);
		String grid = "\"grid\": {\"kernel\": [\"instruction-coupled\", \"latent\"]}";
		assertThat(refusedFields("{\"taskId\": \"" + task + "\", \"seeds\": 2, " + grid
				+ ", \"baseJob\": {\"settings\": {\"batchSize\": 0}}}"))
			.containsExactly("baseJob.settings.batchSize");
		assertThat(refusedFields("{\"taskId\": \"" + task + "\", \"seeds\": 2, " + grid
				+ ", \"baseJob\": {\"settings\": {\"seed\": 4}}}"))
			.containsExactly("baseJob.settings.seed");
		assertThat(refusedFields("{\"taskId\": \"" + task + "\", \"seeds\": 2, " + grid
				+ ", \"baseJob\": {\"taskId\": \"" + task + "\"}}"))
			.containsExactly("baseJob.taskId");
		assertThat(refusedFields(
				"{\"taskId\": \"" + task + "\", \"seeds\": 2, " + grid + ", \"baseJob\": {\"bogus\": 1}}"))
			.containsExactly("baseJob.bogus");
		assertThat(refusedFields(
				"{\"taskId\": \"" + task + "\", \"seeds\": 2, " + grid + ", \"baseline\": {\"kernel\": \"rbf\"}}"))
			.containsExactly("baseline");
		// missing or too many seeds (bean validation): StudyControllerTest
		assertThat(refusedFields(
				"{\"taskId\": \"" + task + "\", \"seeds\": 3, " + grid + ", \"budget\": {\"maxBlackBoxCalls\": 5}}"))
			.containsExactly("budget.maxBlackBoxCalls");
		assertThat(refusedFields("{\"seeds\": 3, " + grid + "}")).containsExactly("taskId");
	}

	@Test
	void createsOneJobPerArmAndSeedWithTheArmsSettingsTheSeedsAndTheBudgetsShare() throws Exception {
		MockHttpServletResponse response = postStudy(ALICE, """
				{"task": %s, "seeds": 2, "firstSeed": 100,
				 "baseJob": {"settings": {"initialTrials": 3}, "budget": {"maxBlackBoxCalls": 10}},
				 "grid": {"strategy": ["instructzero", "random", "ape"]},
				 "baseline": {"strategy": "random"},
				 "budget": {"maxBlackBoxCalls": 90, "maxCostUsd": 1}}
				""".formatted(TASK));
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(202);
		String body = response.getContentAsString();
		String id = JsonPath.read(body, "$.id");
		assertThat(response.getHeader("Location")).isEqualTo("/studies/" + id);
		assertThat((String) JsonPath.read(body, "$.baseline")).isEqualTo("strategy=random");
		List<String> names = JsonPath.read(body, "$.arms[*].name");
		assertThat(names).containsExactly("strategy=instructzero", "strategy=random", "strategy=ape");
		List<String> jobIds = JsonPath.read(body, "$.arms[*].jobs[*].jobId");
		assertThat(jobIds).hasSize(6).doesNotHaveDuplicates();
		for (int i = 0; i < 6; i++) {
			String job = this.mvc.perform(as(ALICE, get("/jobs/" + jobIds.get(i))))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat((String) JsonPath.read(job, "$.strategy"))
				.isEqualTo(List.of("instructzero", "random", "ape").get(i / 2));
			assertThat(((Number) JsonPath.read(job, "$.settings.seed")).longValue()).isEqualTo(100 + i % 2);
			assertThat((Integer) JsonPath.read(job, "$.settings.initialTrials")).isEqualTo(3);
			assertThat((String) JsonPath.read(job, "$.owner")).isEqualTo(ALICE);
			// 90 / 6 = 15 calls, but the base job's own 10 is smaller; 1 USD / 6, rounded
			// down
			assertThat(((Number) JsonPath.read(job, "$.budget.maxBlackBoxCalls")).longValue()).isEqualTo(10);
			assertThat(JsonPath.read(job, "$.budget.maxCostUsd").toString()).isEqualTo("0.16666666");
		}
		// the inline task was stored once, for every job
		List<String> tasks = this.jdbc.queryForList("select distinct task_id::text from job where id in ("
				+ String.join(",", jobIds.stream().map((j) -> "'" + j + "'").toList()) + ")", String.class);
		assertThat(tasks).hasSize(1);
	}

	@Test
	void anotherClientSeesNoStudyOfAliceAndAnAdminSeesIt() throws Exception {
		String task = createTask(ALICE);
		MockHttpServletResponse created = postStudy(ALICE, "{\"taskId\": \"" + task
				+ "\", \"seeds\": 1, \"grid\": {\"kernel\": [\"instruction-coupled\", \"latent\"]}}");
		assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(202);
		String id = JsonPath.read(created.getContentAsString(), "$.id");

		for (String path : List.of("/studies/" + id, "/studies/" + id + "/report")) {
			this.mvc.perform(as(BOB, get(path)))
				.andExpect(status().isNotFound())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}
		this.mvc.perform(as(BOB, get("/studies/" + id + "/report").param("format", "csv")))
			.andExpect(status().isNotFound());
		this.mvc.perform(as(BOB, post("/studies/" + id + "/cancel"))).andExpect(status().isNotFound());
		this.mvc.perform(as(BOB, get("/studies").param("size", "100")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[*].id", not(hasItem(id))));
		// nor can Bob start a study on Alice's task
		assertThat(postStudy(BOB, "{\"taskId\": \"" + task + "\", \"seeds\": 1}").getStatus()).isEqualTo(404);
		this.mvc.perform(get("/studies/" + id)).andExpect(status().isUnauthorized());

		this.mvc.perform(as(ADMIN, get("/studies/" + id))).andExpect(status().isOk());
		this.mvc.perform(as(ALICE, get("/studies").param("size", "100")))
			.andExpect(jsonPath("$.content[*].id", hasItem(id)));
		this.mvc.perform(as(ALICE, get("/studies/" + id + "/report")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("RUNNING"))
			.andExpect(jsonPath("$.arms[0].jobs").value(1))
			.andExpect(jsonPath("$.arms[0].succeeded").value(0));
		// the owner cancels its study: every unfinished job
		this.mvc.perform(as(ALICE, post("/studies/" + id + "/cancel")))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("FINISHED"))
			.andExpect(jsonPath("$.jobsByStatus.CANCELLED").value(2));
	}

	@Test
	void aRetriedCreationWithTheSameIdempotencyKeyStartsNothingNew() throws Exception {
		String task = createTask(ALICE);
		String body = "{\"taskId\": \"" + task + "\", \"seeds\": 2, \"grid\": {\"kernel\": [\"latent\"]}}";
		String key = "study-" + UUID.randomUUID();
		MockHttpServletResponse first = this.mvc
			.perform(as(ALICE, post("/studies")).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andReturn()
			.getResponse();
		assertThat(first.getStatus()).as(first.getContentAsString()).isEqualTo(202);
		long jobs = jobsOf(ALICE);
		MockHttpServletResponse again = this.mvc
			.perform(as(ALICE, post("/studies")).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andReturn()
			.getResponse();
		assertThat(again.getStatus()).isEqualTo(202);
		assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
		assertThat((String) JsonPath.read(again.getContentAsString(), "$.id"))
			.isEqualTo(JsonPath.read(first.getContentAsString(), "$.id"));
		assertThat(jobsOf(ALICE)).isEqualTo(jobs);
	}

	@Test
	void deletingTheTaskDeletesItsStudies() throws Exception {
		String task = createTask(ALICE);
		MockHttpServletResponse created = postStudy(ALICE, "{\"taskId\": \"" + task + "\", \"seeds\": 1}");
		assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(202);
		String id = JsonPath.read(created.getContentAsString(), "$.id");
		this.mvc.perform(as(ALICE, post("/studies/" + id + "/cancel"))).andExpect(status().isAccepted());
		this.mvc
			.perform(as(ALICE,
					org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/tasks/" + task)))
			.andExpect(status().isNoContent());
		this.mvc.perform(as(ALICE, get("/studies/" + id))).andExpect(status().isNotFound());
	}

	@Test
	void aStudyOverTheClientsJobQuotaIsRefusedWhole() throws Exception {
		String task = createTask(LIMITED);
		MockHttpServletResponse response = postStudy(LIMITED, "{\"taskId\": \"" + task
				+ "\", \"seeds\": 3, \"grid\": {\"kernel\": [\"instruction-coupled\", \"latent\"]}}");
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(429);
		assertThat(jobsOf(LIMITED)).isZero();
		assertThat(studiesOf(LIMITED)).isZero();
	}

}
