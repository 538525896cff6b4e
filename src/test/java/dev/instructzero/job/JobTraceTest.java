package dev.instructzero.job;

import dev.instructzero.run.JobObservations;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.SandboxService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job run is one OpenTelemetry trace (through Spring Boot's OpenTelemetry starter and
 * Micrometer observations): a root span for the run with child spans for every
 * generation, evaluation and Bayesian step, all carrying the job id. Spans are captured
 * by an in-memory exporter; nothing is exported by default.
 */
class JobTraceTest {

	private static final AttributeKey<String> JOB_ID = AttributeKey.stringKey(JobObservations.JOB_ID);

	@Test
	void aJobRunIsOneTraceWithSpansForGenerationEvaluationAndTheBayesianStepCarryingTheJobId() {
		RunningService service = SandboxService.get();
		String jobId = service
			.post("/jobs", "{\"task\": " + dev.instructzero.sandbox.SandboxTasks.taskJson("traced", 30)
					+ ", \"settings\": {\"seed\": 3, \"initialTrials\": 6, \"batchSize\": 3, \"iterations\": 2, "
					+ "\"finalCandidates\": 2, \"finalExamples\": 4}}", 202)
			.path("id")
			.asString();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> service.get("/jobs/" + jobId).path("status").asString(), "SUCCEEDED"::equals);
		int trials = service.get("/jobs/" + jobId).path("progress").path("trialsDone").asInt();

		// the run's span ends after the job is marked finished
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(spansOf(jobId))
				.as(() -> "spans: " + SandboxService.spans()
					.getFinishedSpanItems()
					.stream()
					.map((span) -> span.getName() + span.getAttributes().asMap().keySet())
					.distinct()
					.toList())
				.anyMatch(JobTraceTest::isRun));
		List<SpanData> spans = spansOf(jobId);
		SpanData run = spans.stream().filter(JobTraceTest::isRun).findFirst().orElseThrow();
		assertThat(run.getParentSpanContext().isValid()).as("the run starts its own trace").isFalse();

		// every span of the job is in the run's trace, under the run
		assertThat(spans).allSatisfy((s) -> assertThat(s.getTraceId()).isEqualTo(run.getTraceId()));
		List<SpanData> children = spans.stream().filter((s) -> s != run).toList();
		assertThat(children).allSatisfy((s) -> assertThat(s.getParentSpanId()).isEqualTo(run.getSpanId()));
		Set<String> names = children.stream().map(SpanData::getName).collect(Collectors.toSet());
		assertThat(names).contains("generation", "evaluation", "bayesian step");
		assertThat(count(children, "generation")).isEqualTo(trials);
		// two iterations after the initial design: at least one Bayesian step each
		assertThat(count(children, "bayesian step")).isGreaterThanOrEqualTo(2);
	}

	private static boolean isRun(SpanData span) {
		return span.getName().equals("job run");
	}

	private static long count(List<SpanData> spans, String name) {
		return spans.stream().filter((s) -> s.getName().equals(name)).count();
	}

	private static List<SpanData> spansOf(String jobId) {
		return SandboxService.spans()
			.getFinishedSpanItems()
			.stream()
			.filter((s) -> jobId.equals(s.getAttributes().get(JOB_ID)))
			.toList();
	}

}
