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

}
