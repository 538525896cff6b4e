package dev.instructzero.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.jayway.jsonpath.JsonPath;
import dev.instructzero.support.IntegrationTest;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialOrigin;
import dev.instructzero.trial.TrialRepository;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static dev.instructzero.support.TestClients.as;
import static dev.instructzero.support.TestClients.register;
import static dev.instructzero.support.TestClients.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Several API clients on one service: each sees only its own tasks and jobs (an admin
 * sees all), quotas answer 429, and Idempotency-Key makes a retried creation a replay.
 * Jobs stay QUEUED (no background server), so the concurrency quota counts them.
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.ai.openai.api-key=test-key",
		"instructzero.generator.vllm.base-url=http://127.0.0.1:9", "instructzero.generator.vllm.model=vicuna",
		"instructzero.generator.checkpoint-dir=target/no-checkpoint", "instructzero.evaluator.default-model=gpt-test",
		"jobrunr.background-job-server.enabled=false" })
class ClientAccessTest {

	// client names unique to this run: the test database outlives a context
	static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	static final String ALICE = "alice-" + RUN;

	static final String BOB = "bob-" + RUN;

	static final String QUOTA = "quota-" + RUN;

	static final String RETRY = "retry-" + RUN;

	static final String RESERVE = "reserve-" + RUN;

	static final String TASK = """
			{"name": "antonyms", "metric": "exact_match",
			 "examples": [{"input": "hot", "output": "cold"}, {"input": "big", "output": "small"},
			              {"input": "up", "output": "down"}, {"input": "in", "output": "out"}]}
			""";

	@DynamicPropertySource
	static void clients(DynamicPropertyRegistry registry) {
		register(registry, ALICE, "user");
		register(registry, BOB, "user");
		register(registry, "ops-" + RUN, "admin");
		register(registry, QUOTA, "user");
		registry.add("instructzero.security.clients." + QUOTA + ".max-concurrent-jobs", () -> "2");
		registry.add("instructzero.security.clients." + QUOTA + ".max-job-cost-usd", () -> "5");
		registry.add("instructzero.security.clients." + QUOTA + ".spend-limit-usd", () -> "12");
		register(registry, RETRY, "user");
		register(registry, RESERVE, "user");
		registry.add("instructzero.security.clients." + RESERVE + ".spend-limit-usd", () -> "10");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRunner runner;

	@Autowired
	TrialRepository trials;

	String createTask(String client) throws Exception {
		String body = this.mvc.perform(as(client, post("/tasks")).contentType(MediaType.APPLICATION_JSON).content(TASK))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(body, "$.id");
	}

	MockHttpServletResponse postJob(String client, String json) throws Exception {
		return this.mvc.perform(as(client, post("/jobs")).contentType(MediaType.APPLICATION_JSON).content(json))
			.andReturn()
			.getResponse();
	}

	String createJob(String client, String json) throws Exception {
		MockHttpServletResponse response = postJob(client, json);
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(202);
		return JsonPath.read(response.getContentAsString(), "$.id");
	}

	static String apeJob(String taskId) {
		return "{\"taskId\": \"" + taskId + "\", \"strategy\": \"ape\"}";
	}

	@Test
	void clientsSeeOnlyTheirOwnTasksAndJobsAndAnAdminSeesAll() throws Exception {
		String task = createTask(ALICE);
		String job = createJob(ALICE, apeJob(task));

		this.mvc.perform(as(ALICE, get("/jobs/" + job)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.owner").value(ALICE));
		for (String path : List.of("/tasks/" + task, "/jobs/" + job, "/jobs/" + job + "/trials",
				"/jobs/" + job + "/best", "/jobs/" + job + "/front", "/jobs/" + job + "/transfer")) {
			this.mvc.perform(as(BOB, get(path)))
				.andExpect(status().isNotFound())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}
		this.mvc.perform(as(BOB, post("/jobs/" + job + "/cancel"))).andExpect(status().isNotFound());
		this.mvc
			.perform(as(BOB, post("/jobs/" + job + "/transfer")).contentType(MediaType.APPLICATION_JSON)
				.content("{\"models\": [\"gpt-test\"]}"))
			.andExpect(status().isNotFound());
		this.mvc.perform(as(BOB, get("/tasks").param("size", "100")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[*].id", not(hasItem(task))));
		this.mvc.perform(as(BOB, get("/jobs").param("size", "100")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[*].id", not(hasItem(job))));
		// nor can another client start a job on the task
		assertThat(postJob(BOB, apeJob(task)).getStatus()).isEqualTo(404);

		this.mvc.perform(as(ALICE, get("/tasks").param("size", "100")))
			.andExpect(jsonPath("$.content[*].id", hasItem(task)));
		this.mvc.perform(as(ALICE, get("/jobs").param("size", "100")))
			.andExpect(jsonPath("$.content[*].id", hasItem(job)));
		this.mvc.perform(as("ops-" + RUN, get("/jobs/" + job))).andExpect(status().isOk());
		this.mvc.perform(as("ops-" + RUN, get("/tasks/" + task))).andExpect(status().isOk());
		this.mvc.perform(as("ops-" + RUN, get("/jobs").param("size", "100")))
			.andExpect(jsonPath("$.content[*].id", hasItem(job)));
		// the owner cancels its own job
		this.mvc.perform(as(ALICE, post("/jobs/" + job + "/cancel"))).andExpect(status().isAccepted());
	}

	@Test
	void refusesUnauthenticatedCallsAndShowsHealthDetailsOnlyToClients() throws Exception {
		this.mvc.perform(get("/clients/me")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/jobs")).andExpect(status().isUnauthorized());
		// (the overall status is DOWN here: the test's vLLM address is unreachable)
		this.mvc.perform(get("/actuator/health"))
			.andExpect(jsonPath("$.status").isString())
			.andExpect(jsonPath("$.components").doesNotExist());
		this.mvc.perform(get("/actuator/health/liveness"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"));
		this.mvc.perform(as(BOB, get("/actuator/health"))).andExpect(jsonPath("$.components.db.status").value("UP"));
		this.mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
	}

	@Test
	void quotasAnswer429NamingTheQuotaAndCapTheCostBudget() throws Exception {
		String task = createTask(QUOTA);
		this.mvc
			.perform(as(QUOTA, post("/jobs")).contentType(MediaType.APPLICATION_JSON)
				.content("{\"taskId\": \"" + task + "\", \"strategy\": \"ape\", \"budget\": {\"maxCostUsd\": 6}}"))
			.andExpect(status().isTooManyRequests())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("quota.maxJobCostUsd"));

		// no budget named: the default budget, the cost capped at the client's per-job
		// quota
		String first = createJob(QUOTA, apeJob(task));
		this.mvc.perform(as(QUOTA, get("/jobs/" + first)))
			.andExpect(jsonPath("$.budget.maxCostUsd").value(5))
			.andExpect(jsonPath("$.budget.maxBlackBoxCalls").value(50000));
		// the first job has spent 9 of the 12 USD of the 30-day limit: the next gets 3
		this.jdbc.update("update job set cost_usd = 9 where id = ?", UUID.fromString(first));
		String second = createJob(QUOTA, apeJob(task));
		this.mvc.perform(as(QUOTA, get("/jobs/" + second))).andExpect(jsonPath("$.budget.maxCostUsd").value(3));

		MockHttpServletResponse third = postJob(QUOTA, apeJob(task));
		assertThat(third.getStatus()).isEqualTo(429);
		assertThat((String) JsonPath.read(third.getContentAsString(), "$.errors[0].field"))
			.isEqualTo("quota.maxConcurrentJobs");

		this.mvc.perform(as(QUOTA, get("/clients/me")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.client").value(QUOTA))
			.andExpect(jsonPath("$.role").value("user"))
			.andExpect(jsonPath("$.unfinishedJobs").value(2))
			.andExpect(jsonPath("$.spentUsd30d").value(9))
			.andExpect(jsonPath("$.maxConcurrentJobs").value(2))
			.andExpect(jsonPath("$.spendLimitUsd").value(12));

		// the limit spent: no new job even with a free slot
		this.mvc.perform(as(QUOTA, post("/jobs/" + second + "/cancel"))).andExpect(status().isAccepted());
		this.jdbc.update("update job set cost_usd = 3 where id = ?", UUID.fromString(second));
		MockHttpServletResponse spent = postJob(QUOTA, apeJob(task));
		assertThat(spent.getStatus()).isEqualTo(429);
		assertThat((String) JsonPath.read(spent.getContentAsString(), "$.errors[0].field"))
			.isEqualTo("quota.spendLimitUsd");
		// a transfer's cost is added to its job's: with the limit spent, none starts
		this.trials.save(new Trial(UUID.fromString(second), 0, 0, TrialOrigin.BASELINE, null, "Give the antonym.",
				"Give the antonym.", 1.0, new double[] { 1, 1 }, false, 0, 0, 1L, 1L, Instant.now()));
		MockHttpServletResponse transfer = this.mvc
			.perform(as(QUOTA, post("/jobs/" + second + "/transfer")).contentType(MediaType.APPLICATION_JSON)
				.content("{\"models\": [\"gpt-test\"]}"))
			.andReturn()
			.getResponse();
		assertThat(transfer.getStatus()).as(transfer.getContentAsString()).isEqualTo(429);
		assertThat((String) JsonPath.read(transfer.getContentAsString(), "$.errors[0].field"))
			.isEqualTo("quota.spendLimitUsd");
	}

	@Test
	void unfinishedJobsReserveTheirCostBudgetAgainstTheSpendLimit() throws Exception {
		String task = createTask(RESERVE);
		String first = createJob(RESERVE, apeJob(task));
		// nothing spent yet: the first job may spend the whole limit...
		this.mvc.perform(as(RESERVE, get("/jobs/" + first))).andExpect(jsonPath("$.budget.maxCostUsd").value(10));
		// ...so a second job side by side would overrun it
		MockHttpServletResponse second = postJob(RESERVE, apeJob(task));
		assertThat(second.getStatus()).isEqualTo(429);
		assertThat((String) JsonPath.read(second.getContentAsString(), "$.errors[0].field"))
			.isEqualTo("quota.spendLimitUsd");
		// once the first has ended having spent 4, the rest is free again
		this.mvc.perform(as(RESERVE, post("/jobs/" + first + "/cancel"))).andExpect(status().isAccepted());
		this.jdbc.update("update job set cost_usd = 4 where id = ?", UUID.fromString(first));
		String third = createJob(RESERVE, apeJob(task));
		this.mvc.perform(as(RESERVE, get("/jobs/" + third))).andExpect(jsonPath("$.budget.maxCostUsd").value(6));
	}

	@Test
	void replaysTheFirstResponseForARetriedIdempotencyKey() throws Exception {
		String task = createTask(RETRY);
		String key = UUID.randomUUID().toString();
		MockHttpServletResponse first = this.mvc
			.perform(as(RETRY, post("/jobs")).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON)
				.content(apeJob(task)))
			.andExpect(status().isAccepted())
			.andReturn()
			.getResponse();
		String id = JsonPath.read(first.getContentAsString(), "$.id");
		this.mvc
			.perform(as(RETRY, post("/jobs")).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON)
				.content(apeJob(task)))
			.andExpect(status().isAccepted())
			.andExpect(header().string("Location", "/jobs/" + id))
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.id").value(id))
			.andExpect(content().json(first.getContentAsString()));
		this.mvc
			.perform(as(RETRY, post("/jobs")).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"taskId\": \"" + task + "\", \"strategy\": \"ape\", \"budget\": {\"maxTrials\": 3}}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		// keys are per client: another client's same key is a new request
		String bobTask = createTask(BOB);
		MockHttpServletResponse other = this.mvc
			.perform(as(BOB, post("/tasks")).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON)
				.content(TASK))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse();
		assertThat((String) JsonPath.read(other.getContentAsString(), "$.id")).isNotIn(id, bobTask);
		assertThat(this.jdbc.queryForObject("select count(*) from job where owner = ?", Long.class, RETRY))
			.isEqualTo(1);
	}

	@Test
	void concurrentDuplicatesCreateOneJob() throws Exception {
		String task = createTask(RETRY);
		String key = "concurrent-" + UUID.randomUUID();
		long before = this.jdbc.queryForObject("select count(*) from job where owner = ?", Long.class, RETRY);
		int threads = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<MockHttpServletResponse>> responses = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				Callable<MockHttpServletResponse> call = () -> {
					start.await();
					return this.mvc
						.perform(as(RETRY, post("/jobs")).header("Idempotency-Key", key)
							.contentType(MediaType.APPLICATION_JSON)
							.content(apeJob(task)))
						.andReturn()
						.getResponse();
				};
				responses.add(pool.submit(call));
			}
			start.countDown();
			Set<String> ids = new java.util.HashSet<>();
			for (Future<MockHttpServletResponse> response : responses) {
				MockHttpServletResponse done = response.get(60, TimeUnit.SECONDS);
				assertThat(done.getStatus()).as(done.getContentAsString()).isEqualTo(202);
				ids.add(JsonPath.read(done.getContentAsString(), "$.id"));
			}
			assertThat(ids).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject("select count(*) from job where owner = ?", Long.class, RETRY))
			.isEqualTo(before + 1);
	}

	@Test
	void whatAJobLogsCarriesItsIdAndClientAlsoAsStructuredJson() throws Exception {
		String id = createJob(ALICE, apeJob(createTask(ALICE)));
		// a job asked to stop before it started: the runner finishes it, and logs that
		this.jdbc.update("update job set cancel_requested = true where id = ?", UUID.fromString(id));
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		Logger logger = (Logger) LoggerFactory.getLogger(JobRunner.class);
		logger.addAppender(appender);
		try {
			this.runner.run(UUID.fromString(id));
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list).isNotEmpty()
			.allSatisfy((event) -> assertThat(event.getMDCPropertyMap()).containsEntry("jobId", id)
				.containsEntry("client", ALICE));
		assertThat(MDC.get("jobId")).isNull();
		assertThat(MDC.get("client")).isNull();

		// logging.structured.format.console=logstash writes the same event as JSON
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
		encoder.setFormat("logstash");
		encoder.start();
		String json = new String(encoder.encode(appender.list.get(0)), StandardCharsets.UTF_8);
		assertThat((String) JsonPath.read(json, "$.jobId")).isEqualTo(id);
		assertThat((String) JsonPath.read(json, "$.client")).isEqualTo(ALICE);
		assertThat(json).doesNotContain(token(ALICE));
	}

}
