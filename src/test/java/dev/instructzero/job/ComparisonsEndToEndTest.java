package dev.instructzero.job;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second configured generator (its own vLLM stub on another port) and the transfer of a
 * job's instructions to two black-box models, end to end over HTTP on the stub servers.
 */
@StubbedService(database = "comparisons_e2e",
		properties = {
				"--instructzero.evaluator.allowed-models=" + StubLlms.JUDGE_MODEL + ","
						+ ComparisonsEndToEndTest.OTHER_MODEL + "," + ComparisonsEndToEndTest.FOURTH_MODEL,
				"--instructzero.generator.models.second.prompt-template=" + ComparisonsEndToEndTest.SECOND_TEMPLATE,
				"--instructzero.pricing[" + ComparisonsEndToEndTest.OTHER_MODEL + "].input-usd-per-mtok=1",
				"--instructzero.pricing[" + ComparisonsEndToEndTest.OTHER_MODEL + "].output-usd-per-mtok=2",
				"--instructzero.transfer.max-calls=30" },
		generators = { "second" })
class ComparisonsEndToEndTest {

	static final String OTHER_MODEL = "stub-other";

	static final String FOURTH_MODEL = "stub-fourth";

	static final String SECOND_TEMPLATE = StubLlms.CHAT_TEMPLATE_START
			+ " and a second open model. USER:\n[DEMOS]\n\nThe instruction was to? ASSISTANT:";

	static StubLlms stubs;

	static StubLlms second;

	static RunningService service;

	@Test
	void aJobChoosesTheSecondGeneratorAndItsTrialsRecordIt() {
		int firstBefore = stubs.completionRequests.get();
		int secondBefore = second.completionRequests.get();
		String id = runJob(700, "\"generatorModel\": \"second\", ");
		JsonNode job = service.get("/jobs/" + id);
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("generatorModel").asString()).isEqualTo("second");
		JsonNode trials = service.get("/jobs/" + id + "/trials?size=100");
		assertThat(trials.path("content").size()).isEqualTo(12);
		for (JsonNode trial : trials.path("content")) {
			assertThat(trial.path("generatorModel").asString()).isEqualTo("second");
		}
		// every generation went to the second vLLM, with its own template
		assertThat(second.completionRequests.get() - secondBefore).isEqualTo(12);
		assertThat(stubs.completionRequests.get()).isEqualTo(firstBefore);
		assertThat(second.tokenizedPrompts).last(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.startsWith(StubLlms.CHAT_TEMPLATE_START + " and a second open model. USER:\n");

		// a job naming none gets the first configured generator, "default"
		int secondAfter = second.completionRequests.get();
		String first = runJob(800, "");
		assertThat(service.get("/jobs/" + first).path("generatorModel").asString()).isEqualTo("default");
		assertThat(service.get("/jobs/" + first + "/trials").path("content").get(0).path("generatorModel").asString())
			.isEqualTo("default");
		assertThat(second.completionRequests.get()).isEqualTo(secondAfter);

		JsonNode refused = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(12, 4, 900)
				+ ", \"strategy\": \"random\", \"generatorModel\": \"llama-9\"}", 400);
		assertThat(refused.path("errors").get(0).path("field").asString()).isEqualTo("generatorModel");
		assertThat(refused.path("errors").get(0).path("message").asString()).contains("default, second");

		// each named generator has its own health indicator
		CompositeHealthContributor generators = service.context()
			.getBean("vllmGenerators", CompositeHealthContributor.class);
		assertThat(((HealthIndicator) generators.getContributor("second")).health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aStudyVariesTheGenerator() {
		String task = service.post("/tasks", StubLlms.taskJson(24, 4, 1500), 201).path("id").asString();
		int secondBefore = second.completionRequests.get();
		JsonNode study = service.post("/studies", """
				{"name": "which generator", "taskId": "%s",
				 "baseJob": {"strategy": "random", "settings": {"initialTrials": 6, "iterations": 0}},
				 "grid": {"generatorModel": ["default", "second"]}, "seeds": 1, "firstSeed": 3,
				 "baseline": {"generatorModel": "default"}}""".formatted(task), 202);
		String id = study.path("id").asString();
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> service.get("/studies/" + id).path("status").asString().equals("FINISHED"));
		JsonNode arms = service.get("/studies/" + id).path("arms");
		assertThat(arms.size()).isEqualTo(2);
		for (JsonNode arm : arms) {
			String generator = arm.path("settings").path("generatorModel").asString();
			String job = arm.path("jobs").get(0).path("jobId").asString();
			assertThat(service.get("/jobs/" + job).path("generatorModel").asString()).isEqualTo(generator);
			for (JsonNode trial : service.get("/jobs/" + job + "/trials").path("content")) {
				assertThat(trial.path("generatorModel").asString()).isEqualTo(generator);
			}
		}
		// the second arm's 6 generations went to the second vLLM
		assertThat(second.completionRequests.get() - secondBefore).isEqualTo(6);
	}

	@Test
	void transfersTheTopInstructionsToTwoModelsPayingEachCallOnce() {
		String id = runJob(1100, "");
		// independent truth: the distinct instructions by dev score, earliest first on
		// ties
		Map<String, JsonNode> firstOf = new LinkedHashMap<>();
		for (JsonNode trial : service.get("/jobs/" + id + "/trials?size=100&sort=ordinal,asc").path("content")) {
			if (!trial.path("generationFailed").asBoolean()) {
				firstOf.putIfAbsent(trial.path("instruction").asString(), trial);
			}
		}
		List<JsonNode> ranked = new ArrayList<>(firstOf.values());
		ranked.sort(Comparator.comparingDouble((JsonNode t) -> -t.path("devScore").asDouble())
			.thenComparingInt((JsonNode t) -> t.path("ordinal").asInt()));
		assertThat(ranked).as("the seeded job finds several instructions").hasSizeGreaterThanOrEqualTo(2);
		List<JsonNode> top = ranked.subList(0, Math.min(3, ranked.size()));
		String best = service.get("/jobs/" + id + "/best").path("instruction").asString();
		long bestInTop = top.stream().filter((t) -> t.path("instruction").asString().equals(best)).count();
		long paidBefore = service.get("/jobs/" + id).path("progress").path("paidCalls").asLong();
		int promptsBefore = stubs.blackBoxPrompts.size();

		JsonNode table = service.post("/jobs/" + id + "/transfer",
				"{\"models\": [\"" + StubLlms.BLACK_BOX_MODEL + "\", \"" + OTHER_MODEL + "\"], \"topK\": 3}", 200);
		assertThat(table.path("split").asString()).isEqualTo("test");
		assertThat(table.path("examples").asInt()).isEqualTo(4);
		assertThat(table.path("instructions").size()).isEqualTo(top.size());
		long expectedPaid = 0;
		for (int i = 0; i < top.size(); i++) {
			JsonNode row = table.path("instructions").get(i);
			String instruction = top.get(i).path("instruction").asString();
			assertThat(row.path("instruction").asString()).isEqualTo(instruction);
			assertThat(row.path("ordinal").asInt()).isEqualTo(top.get(i).path("ordinal").asInt());
			double expected = testScore(instruction, 1100);
			for (String model : List.of(StubLlms.BLACK_BOX_MODEL, OTHER_MODEL)) {
				JsonNode cell = row.path("scores").path(model);
				assertThat(cell.path("score").asDouble()).as("%s on %s", instruction, model).isEqualTo(expected);
				// the job's own model already answered its best instruction on the test
				// examples: those answers come from the cache
				boolean cached = model.equals(StubLlms.BLACK_BOX_MODEL) && instruction.equals(best);
				assertThat(cell.path("paidCalls").asInt()).isEqualTo(cached ? 0 : 4);
				assertThat(cell.path("cacheHits").asInt()).isEqualTo(cached ? 4 : 0);
				expectedPaid += cell.path("paidCalls").asInt();
			}
			// 4 calls of 20 prompt and 3 completion tokens at 1 and 2 USD per million
			assertThat(new BigDecimal(row.path("scores").path(OTHER_MODEL).path("costUsd").asString()))
				.isEqualByComparingTo("0.000104");
		}
		assertThat(expectedPaid).isEqualTo(top.size() * 8L - 4 * bestInTop);
		assertThat(table.path("usage").path("paidCalls").asLong()).isEqualTo(expectedPaid);
		assertThat(stubs.blackBoxPrompts.size() - promptsBefore).isEqualTo((int) expectedPaid);
		assertThat(service.get("/jobs/" + id).path("progress").path("paidCalls").asLong())
			.isEqualTo(paidBefore + expectedPaid);

		// asked again: every cell is stored, nothing is paid twice
		int promptsAfter = stubs.blackBoxPrompts.size();
		JsonNode again = service.post("/jobs/" + id + "/transfer",
				"{\"models\": [\"" + OTHER_MODEL + "\", \"" + StubLlms.BLACK_BOX_MODEL + "\"], \"topK\": 3}", 200);
		assertThat(again.path("usage").path("paidCalls").asLong()).isZero();
		assertThat(cells(again)).isEqualTo(cells(table));
		assertThat(stubs.blackBoxPrompts).hasSize(promptsAfter);
		JsonNode stored = service.get("/jobs/" + id + "/transfer");
		assertThat(stored.path("models").size()).isEqualTo(2);
		assertThat(cells(stored)).isEqualTo(cells(table));
		assertThat(stored.path("usage").path("paidCalls").asLong()).isEqualTo(expectedPaid);

		// a budget of 5 calls: the first cell (4 calls) and one call of the second
		JsonNode budgeted = service.post("/jobs/" + id + "/transfer",
				"{\"models\": [\"" + StubLlms.JUDGE_MODEL + "\"], \"topK\": 3, \"budget\": {\"maxBlackBoxCalls\": 5}}",
				200);
		assertThat(budgeted.path("stoppedBy").asString()).isEqualTo("CALLS");
		assertThat(budgeted.path("usage").path("paidCalls").asLong()).isEqualTo(5);
		long scored = IntStream.range(0, budgeted.path("instructions").size())
			.filter((i) -> budgeted.path("instructions").get(i).path("scores").has(StubLlms.JUDGE_MODEL))
			.count();
		assertThat(scored).isEqualTo(1);
	}

	// bean validation of a transfer: transfer.TransferControllerTest
	@Test
	void refusesTransfersNamingTheField() {
		String id = runJob(1300, "");
		assertThat(field(service.post("/jobs/" + id + "/transfer", "{\"models\": [\"gpt-9\"]}", 400)))
			.isEqualTo("models[0]");
		// 2+ instructions × 4 models × 4 examples is above max-calls 30
		assertThat(
				field(service
					.post("/jobs/" + id + "/transfer",
							"{\"models\": [\"" + StubLlms.BLACK_BOX_MODEL + "\", \"" + OTHER_MODEL + "\", \""
									+ FOURTH_MODEL + "\", \"" + StubLlms.JUDGE_MODEL + "\"], \"topK\": 50}",
							400)))
			.isEqualTo("topK");
	}

	/** The cells of a table by "ordinal/model", whatever the order of the models. */
	private static Map<String, String> cells(JsonNode table) {
		Map<String, String> cells = new java.util.TreeMap<>();
		for (JsonNode row : table.path("instructions")) {
			for (var entry : row.path("scores").properties()) {
				JsonNode cell = entry.getValue();
				cells.put(row.path("ordinal").asInt() + "/" + entry.getKey(),
						cell.path("score").asDouble() + " " + cell.path("paidCalls").asInt() + " "
								+ cell.path("cacheHits").asInt() + " " + cell.path("tokensIn").asLong() + " "
								+ cell.path("tokensOut").asLong() + " "
								+ new BigDecimal(cell.path("costUsd").asString()).stripTrailingZeros().toPlainString());
			}
		}
		return cells;
	}

	private static String field(JsonNode problem) {
		return problem.path("errors").get(0).path("field").asString();
	}

	/**
	 * The stub's share of right answers on the test words {@code word<offset + 1000 +
	 * i>}: an instruction of level L answers word n right when n mod 4 is below
	 * 4·LEVELS[L].
	 */
	private static double testScore(String instruction, int offset) {
		int level = IntStream.range(0, StubLlms.INSTRUCTIONS.size())
			.filter((l) -> StubLlms.chatInstruction(l).equals(instruction))
			.findFirst()
			.orElseThrow();
		int right = 0;
		for (int i = 0; i < 4; i++) {
			right += ((offset + 1000 + i) % 4 < Math.round(StubLlms.LEVELS[level] * 4)) ? 1 : 0;
		}
		return right / 4.0;
	}

	/** A finished 12-trial uniform-baseline job on its own words. */
	private static String runJob(int offset, String extra) {
		String id = service.post("/jobs", "{\"task\": " + StubLlms.taskJson(24, 4, offset) + ", " + extra
				+ "\"strategy\": \"random\", \"settings\": {\"initialTrials\": 12, \"iterations\": 0, \"seed\": 5}}",
				202)
			.path("id")
			.asString();
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Set.of("SUCCEEDED", "FAILED", "CANCELLED")
				.contains(service.get("/jobs/" + id).path("status").asString()));
		JsonNode job = service.get("/jobs/" + id);
		assertThat(job.path("status").asString()).as(job.path("error").asString()).isEqualTo("SUCCEEDED");
		return id;
	}

}
