package dev.instructzero.study;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A 2-arm × 3-seed study on the stub servers, end to end through the REST API; every
 * number of the report is recomputed here from the jobs' own trials and progress.
 */
@StubbedService(database = "studies")
class StudyApiTest {

	static final long FIRST_SEED = 41;

	// t(0.975, 2), from a printed table: the interval of 3 seeds
	static final double T_975_2 = 4.302652729911275;

	static final long STUDY_CALLS = 60_000;

	static StubLlms stubs;

	static RunningService service;

	@Test
	void runsTheGridOverSeedsAndReportsWhatItsJobsFound() throws Exception {
		int paidBefore = stubs.blackBoxPrompts.size();
		JsonNode created = service.post("/studies", """
				{"name": "intrinsic dimension", "task": %s,
				 "baseJob": {"strategy": "instructzero",
				             "settings": {"initialTrials": 4, "batchSize": 3, "iterations": 2, "finalCandidates": 2}},
				 "grid": {"intrinsicDim": [10, 2]},
				 "seeds": 3, "firstSeed": %d,
				 "baseline": {"intrinsicDim": 10},
				 "budget": {"maxBlackBoxCalls": %d}}
				""".formatted(StubLlms.taskJson(40, 8), FIRST_SEED, STUDY_CALLS), 202);
		String id = created.path("id").asString();
		assertThat(created.path("arms")).hasSize(2);
		assertThat(created.path("seeds").toString()).isEqualTo("[41,42,43]");
		assertThat(created.path("baseline").asString()).isEqualTo("intrinsicDim=10");

		JsonNode study = awaitFinished(id);
		assertThat(study.path("status").asString()).isEqualTo("FINISHED");
		assertThat(study.path("jobsByStatus").path("SUCCEEDED").asInt()).isEqualTo(6);

		// each arm × seed job is an ordinary job: the arm's intrinsic dimension, the
		// seed, the
		// budget's share
		List<List<JsonNode>> jobsByArm = new ArrayList<>();
		long paidCalls = 0;
		for (JsonNode arm : study.path("arms")) {
			List<JsonNode> jobs = new ArrayList<>();
			int j = 0;
			for (JsonNode armJob : arm.path("jobs")) {
				JsonNode job = service.get("/jobs/" + armJob.path("jobId").asString());
				assertThat(job.path("settings").path("intrinsicDim").asInt())
					.isEqualTo(arm.path("settings").path("intrinsicDim").asInt());
				assertThat(job.path("settings").path("softPromptTokens").asInt()).isEqualTo(5);
				assertThat(job.path("settings").path("seed").asLong()).isEqualTo(FIRST_SEED + j);
				assertThat(armJob.path("seed").asLong()).isEqualTo(FIRST_SEED + j);
				assertThat(job.path("settings").path("batchSize").asInt()).isEqualTo(3);
				assertThat(job.path("budget").path("maxBlackBoxCalls").asLong()).isEqualTo(STUDY_CALLS / 6);
				paidCalls += job.path("progress").path("paidCalls").asLong();
				jobs.add(job);
				j++;
			}
			jobsByArm.add(jobs);
		}
		// one black-box cache: every call a job paid for reached the stub once, and the
		// arms'
		// jobs on the same seed start from the same Sobol design, so the second arm's
		// first
		// trials are cache hits
		assertThat(stubs.blackBoxPrompts.size() - paidBefore).isEqualTo(paidCalls);
		assertThat(jobsByArm.get(1).stream().mapToLong((job) -> job.path("progress").path("cacheHits").asLong()).sum())
			.isPositive();

		JsonNode report = service.get("/studies/" + id + "/report");
		assertThat(report.path("baseline").asString()).isEqualTo("intrinsicDim=10");
		List<double[]> bestDevByArm = new ArrayList<>();
		List<double[]> testByArm = new ArrayList<>();
		for (int a = 0; a < 2; a++) {
			JsonNode arm = report.path("arms").get(a);
			List<JsonNode> jobs = jobsByArm.get(a);
			double[] bestDev = new double[3];
			double[] test = new double[3];
			List<double[]> curves = new ArrayList<>();
			long armCalls = 0;
			double armCost = 0;
			for (int s = 0; s < 3; s++) {
				String jobId = jobs.get(s).path("id").asString();
				JsonNode trials = service.get("/jobs/" + jobId + "/trials?size=500&sort=ordinal,asc").path("content");
				double[] curve = new double[trials.size()];
				double best = 0;
				for (int i = 0; i < trials.size(); i++) {
					if (!trials.get(i).path("generationFailed").asBoolean()) {
						best = Math.max(best, trials.get(i).path("devScore").asDouble());
					}
					curve[i] = best;
				}
				curves.add(curve);
				bestDev[s] = best;
				test[s] = service.get("/jobs/" + jobId + "/best").path("testScore").asDouble();
				armCalls += jobs.get(s).path("progress").path("paidCalls").asLong();
				armCost += jobs.get(s).path("progress").path("costUsd").asDouble();
			}
			bestDevByArm.add(bestDev);
			testByArm.add(test);
			assertThat(arm.path("jobs").asInt()).isEqualTo(3);
			assertThat(arm.path("succeeded").asInt()).isEqualTo(3);
			assertEstimate(arm.path("bestDevScore"), bestDev);
			assertEstimate(arm.path("testScore"), test);
			assertThat(arm.path("paidCalls").asLong()).isEqualTo(armCalls);
			assertThat(arm.path("costUsd").asDouble()).isCloseTo(armCost, within(1e-9));

			int length = curves.stream().mapToInt((c) -> c.length).max().orElseThrow();
			assertThat(length).isGreaterThanOrEqualTo(10);
			assertThat(arm.path("convergence")).hasSize(length);
			for (int i = 0; i < length; i++) {
				double[] values = new double[3];
				for (int s = 0; s < 3; s++) {
					double[] c = curves.get(s);
					values[s] = c[Math.min(i, c.length - 1)];
				}
				JsonNode point = arm.path("convergence").get(i);
				assertThat(point.path("trial").asInt()).isEqualTo(i + 1);
				assertEstimate(point, values);
			}
		}
		JsonNode comparisons = report.path("comparisons");
		assertThat(comparisons).hasSize(2);
		for (JsonNode comparison : comparisons) {
			assertThat(comparison.path("arm").asString()).isEqualTo("intrinsicDim=2");
			boolean dev = comparison.path("metric").asString().equals("bestDevScore");
			double[] x = dev ? bestDevByArm.get(1) : testByArm.get(1);
			double[] y = dev ? bestDevByArm.get(0) : testByArm.get(0);
			WilcoxonSignedRankTest.BruteForce truth = WilcoxonSignedRankTest.bruteForce(x, y);
			assertThat(comparison.path("pairs").asInt()).isEqualTo(3);
			if (dev) {
				// d = 2 explores too little to find the best region on these seeds: the
				// comparison is not degenerate
				assertThat(truth.nonZero()).isPositive();
			}
			assertThat(comparison.path("nonZero").asInt()).isEqualTo(truth.nonZero());
			if (truth.nonZero() > 0) {
				assertThat(comparison.path("wPlus").asDouble()).isEqualTo(truth.wPlus());
				assertThat(comparison.path("pValue").asDouble()).isCloseTo(truth.pValue(), within(1e-12));
			}
			else {
				assertThat(comparison.path("pValue").isNull()).isTrue();
			}
			assertThat(comparison.path("meanDifference").asDouble())
				.isCloseTo((x[0] - y[0] + x[1] - y[1] + x[2] - y[2]) / 3, within(1e-12));
		}

		// CSV by ?format=csv and by Accept, the same table
		String csv = text("/studies/" + id + "/report?format=csv", "*/*");
		assertThat(csv).isEqualTo(text("/studies/" + id + "/report", "text/csv"));
		String[] lines = csv.split("\r\n");
		assertThat(lines).hasSize(3);
		List<String> header = List.of(lines[0].split(",", -1));
		assertThat(header).contains("arm", "intrinsicDim", "best_dev_mean", "test_low", "paid_calls", "dev_p_value");
		for (int a = 0; a < 2; a++) {
			String[] row = lines[a + 1].split(",", -1);
			assertThat(row[header.indexOf("intrinsicDim")]).isEqualTo(a == 0 ? "10" : "2");
			assertThat(Double.parseDouble(row[header.indexOf("best_dev_mean")])).isCloseTo(mean(bestDevByArm.get(a)),
					within(1e-9));
			assertThat(Long.parseLong(row[header.indexOf("paid_calls")]))
				.isEqualTo(report.path("arms").get(a).path("paidCalls").asLong());
		}
		String curveCsv = text("/studies/" + id + "/report?format=csv&table=convergence", "*/*");
		assertThat(curveCsv.split("\r\n")).hasSize(1 + report.path("arms").get(0).path("convergence").size()
				+ report.path("arms").get(1).path("convergence").size());

		assertThat(service.get("/studies").path("content").findValuesAsString("id")).contains(id);
	}

	/** n, mean and the t-interval of three observations, computed here. */
	private static void assertEstimate(JsonNode estimate, double[] values) {
		double mean = mean(values);
		double ss = 0;
		for (double v : values) {
			ss += (v - mean) * (v - mean);
		}
		double half = T_975_2 * Math.sqrt(ss / 2) / Math.sqrt(3);
		assertThat(estimate.path("n").asInt()).isEqualTo(3);
		assertThat(estimate.path("mean").asDouble()).isCloseTo(mean, within(1e-9));
		assertThat(estimate.path("low").asDouble()).isCloseTo(mean - half, within(1e-9));
		assertThat(estimate.path("high").asDouble()).isCloseTo(mean + half, within(1e-9));
	}

	private static double mean(double[] values) {
		double sum = 0;
		for (double v : values) {
			sum += v;
		}
		return sum / values.length;
	}

	private static JsonNode awaitFinished(String id) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
			last[0] = service.get("/studies/" + id);
			return last[0].path("status").asString().equals("FINISHED");
		});
		return last[0];
	}

	private static String text(String path, String accept) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).header("Accept", accept).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		return response.body();
	}

}
