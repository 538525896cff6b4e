package dev.instructzero.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.SandboxService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code sandbox} profile runs the whole service on the simulated generator and black
 * box: a job posted through the REST API runs to SUCCEEDED with a convergence history,
 * every trial is the simulation's (instruction from z, scores from the instruction's
 * accuracy), and the job and metrics say it is simulated.
 */
class SandboxJobTest {

	static final long SEED = 7;

	static final String SETTINGS = "{\"seed\": " + SEED + ", \"initialTrials\": 12, \"batchSize\": 4, "
			+ "\"iterations\": 3, \"devExamples\": 20, \"finalCandidates\": 3, \"finalExamples\": 10}";

	@Test
	void runsAFullSimulatedJobThroughTheApiWithAConvergenceHistory() {
		RunningService service = SandboxService.get();
		String taskId = service.post("/tasks", SandboxTasks.taskJson("sandbox antonyms", 60), 201)
			.path("id")
			.asString();
		JsonNode created = service.post("/jobs", "{\"taskId\": \"" + taskId + "\", \"settings\": " + SETTINGS + "}",
				202);
		assertThat(created.path("simulated").asBoolean()).isTrue();
		assertThat(created.path("blackBoxModel").asString()).isEqualTo("sandbox-simulated");
		// the simulated generator is the generator registry's only entry and default
		assertThat(created.path("generatorModel").asString()).isEqualTo("sandbox");
		String jobId = created.path("id").asString();

		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> service.get("/jobs/" + jobId).path("status").asString(),
					(s) -> !s.equals("QUEUED") && !s.equals("RUNNING"));
		JsonNode job = service.get("/jobs/" + jobId);
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("simulated").asBoolean()).isTrue();
		assertThat(job.path("progress").path("paidCalls").asLong()).isPositive();

		SimulatedWorld world = new SimulatedWorld();
		List<JsonNode> trials = new ArrayList<>();
		service.get("/jobs/" + jobId + "/trials?size=500").path("content").forEach(trials::add);
		assertThat(trials).hasSizeGreaterThanOrEqualTo(12 + 3 * 4);

		// convergence history: best dev score so far per iteration, for iterations 0..3
		Map<Integer, Double> bestByIteration = new TreeMap<>();
		Map<String, Double> devScores = new HashMap<>();
		for (JsonNode trial : trials) {
			String instruction = trial.path("instruction").asString();
			double[] z = new double[trial.path("softPrompt").size()];
			for (int i = 0; i < z.length; i++) {
				z[i] = trial.path("softPrompt").get(i).asDouble();
			}
			// the simulated generator: the instruction is the world's for z and the seed
			assertThat(instruction).isEqualTo(world.instruction(SEED, z));
			bestByIteration.merge(trial.path("iteration").asInt(), trial.path("devScore").asDouble(), Math::max);
			devScores.put(instruction, trial.path("devScore").asDouble());
		}
		assertThat(bestByIteration.keySet()).containsExactly(0, 1, 2, 3);
		assertThat(devScores).hasSizeGreaterThan(3);

		// the simulated black box: dev scores follow each instruction's accuracy (20 dev
		// examples: a binomial spread of about 0.1)
		double meanError = devScores.entrySet()
			.stream()
			.mapToDouble((e) -> Math.abs(e.getValue() - world.accuracy(e.getKey()).orElseThrow()))
			.average()
			.orElseThrow();
		assertThat(meanError).isLessThan(0.12);

		JsonNode best = service.get("/jobs/" + jobId + "/best");
		double bestAccuracy = world.accuracy(best.path("instruction").asString()).orElseThrow();
		double initialMedian = trials.stream()
			.filter((t) -> t.path("iteration").asInt() == 0)
			.mapToDouble((t) -> world.accuracy(t.path("instruction").asString()).orElseThrow())
			.sorted()
			.toArray()[6];
		assertThat(bestAccuracy).isGreaterThan(initialMedian);
		assertThat(best.path("testScore").isNumber()).isTrue();

		// every meter of the sandbox carries simulated="true"
		String metrics = service.getText("/actuator/prometheus");
		assertThat(metrics).containsPattern("instructzero_trials_total\\{[^}]*simulated=\"true\"");
	}

	/**
	 * Studies, the cost-accuracy front and transfer work on the simulation too: a study's
	 * jobs are simulated jobs on the {@code sandbox} generator, a real generator name is
	 * refused, and a finished job's instructions transfer to the allowed simulated model.
	 */
	@Test
	void runsAStudyAndTransfersAndPricesItsJobsInstructions() {
		RunningService service = SandboxService.get();
		String taskId = service.post("/tasks", SandboxTasks.taskJson("sandbox study", 50), 201).path("id").asString();
		JsonNode refused = service.post("/jobs",
				"{\"taskId\": \"" + taskId + "\", \"generatorModel\": \"default\", \"settings\": " + SETTINGS + "}",
				400);
		assertThat(refused.toString()).contains("generatorModel");

		JsonNode created = service.post("/studies", """
				{"name": "sandbox dimension", "taskId": "%s",
				 "baseJob": {"settings": {"initialTrials": 4, "batchSize": 2, "iterations": 1,
				                          "devExamples": 10, "finalCandidates": 2, "finalExamples": 5}},
				 "grid": {"intrinsicDim": [10, 2]}, "seeds": 2, "firstSeed": 3,
				 "baseline": {"intrinsicDim": 10}}
				""".formatted(taskId), 202);
		String studyId = created.path("id").asString();
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> service.get("/studies/" + studyId).path("status").asString(), "FINISHED"::equals);
		JsonNode study = service.get("/studies/" + studyId);
		assertThat(study.path("jobsByStatus").path("SUCCEEDED").asInt()).as(study.toString()).isEqualTo(4);
		List<String> jobIds = new ArrayList<>();
		for (JsonNode arm : study.path("arms")) {
			for (JsonNode armJob : arm.path("jobs")) {
				JsonNode job = service.get("/jobs/" + armJob.path("jobId").asString());
				assertThat(job.path("simulated").asBoolean()).isTrue();
				assertThat(job.path("generatorModel").asString()).isEqualTo("sandbox");
				jobIds.add(job.path("id").asString());
			}
		}
		assertThat(jobIds).hasSize(4);
		JsonNode report = service.get("/studies/" + studyId + "/report");
		assertThat(report.path("arms")).hasSize(2);

		String jobId = jobIds.get(0);
		JsonNode front = service.get("/jobs/" + jobId + "/front");
		assertThat(front.path("model").asString()).isEqualTo("sandbox-simulated");
		assertThat(front.path("front").size()).isPositive();

		// the sandbox allows its own simulated model only
		JsonNode notAllowed = service.post("/jobs/" + jobId + "/transfer", "{\"models\": [\"gpt-4o\"]}", 400);
		assertThat(notAllowed.toString()).contains("models");
		JsonNode transfer = service.post("/jobs/" + jobId + "/transfer",
				"{\"models\": [\"sandbox-simulated\"], \"topK\": 2}", 200);
		assertThat(transfer.path("models").toString()).isEqualTo("[\"sandbox-simulated\"]");
		assertThat(transfer.path("instructions")).hasSize(2);
		SimulatedWorld world = new SimulatedWorld();
		for (JsonNode row : transfer.path("instructions")) {
			assertThat(world.accuracy(row.path("instruction").asString())).isPresent();
			JsonNode cell = row.path("scores").path("sandbox-simulated");
			assertThat(cell.path("score").isNumber()).as(transfer.toString()).isTrue();
		}
		assertThat(
				transfer.path("usage").path("paidCalls").asLong() + transfer.path("usage").path("cacheHits").asLong())
			.isPositive();
	}

}
