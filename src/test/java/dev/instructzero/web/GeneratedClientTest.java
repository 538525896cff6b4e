package dev.instructzero.web;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import dev.instructzero.client.ApiClient;
import dev.instructzero.client.api.JobsApi;
import dev.instructzero.client.api.TasksApi;
import dev.instructzero.client.api.TrialsApi;
import dev.instructzero.client.model.BestInstructionResponse;
import dev.instructzero.client.model.CreateJobRequest;
import dev.instructzero.client.model.ExampleRequest;
import dev.instructzero.client.model.JobResponse;
import dev.instructzero.client.model.JobSettings;
import dev.instructzero.client.model.TaskRequest;
import dev.instructzero.client.model.TaskResponse;
import dev.instructzero.support.RunningService;
import dev.instructzero.support.SandboxService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java client generated from {@code api/openapi.json} (openapi-generator, JDK
 * HttpClient) drives the running service end to end: create a task, start a job, read the
 * best instruction. Together with {@link OpenApiDocumentTest} it keeps the document true.
 */
class GeneratedClientTest {

	@Test
	void createsATaskStartsAJobAndReadsTheBestInstructionThroughTheGeneratedClient() throws Exception {
		RunningService service = SandboxService.get();
		ApiClient client = new ApiClient();
		client.updateBaseUri(service.baseUrl());
		TasksApi tasks = new TasksApi(client);
		JobsApi jobs = new JobsApi(client);
		TrialsApi trials = new TrialsApi(client);

		List<ExampleRequest> examples = IntStream.range(0, 24)
			.mapToObj((i) -> new ExampleRequest().input("word" + i).output("anti" + i))
			.toList();
		TaskResponse task = tasks.createTask(new TaskRequest().name("client antonyms")
			.metric(TaskRequest.MetricEnum.EXACT_MATCH)
			.examples(examples)
			.testExamples(List.of(new ExampleRequest().input("left").output("right"))));
		assertThat(task.getId()).isNotNull();
		assertThat(task.getExampleCount()).isEqualTo(24);

		JobResponse job = jobs.createJob(new CreateJobRequest().taskId(task.getId())
			.settings(new JobSettings().seed(11L)
				.initialTrials(5)
				.batchSize(2)
				.iterations(1)
				.finalCandidates(2)
				.finalExamples(2)));
		assertThat(job.getStatus()).isEqualTo(JobResponse.StatusEnum.QUEUED);
		assertThat(job.getTaskId()).isEqualTo(task.getId());
		assertThat(job.getSimulated()).isTrue();

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> jobs.getJob(job.getId()).getStatus(), (s) -> s == JobResponse.StatusEnum.SUCCEEDED
					|| s == JobResponse.StatusEnum.FAILED || s == JobResponse.StatusEnum.CANCELLED);
		JobResponse finished = jobs.getJob(job.getId());
		assertThat(finished.getStatus()).as(String.valueOf(finished.getError()))
			.isEqualTo(JobResponse.StatusEnum.SUCCEEDED);
		assertThat(finished.getProgress().getTrialsDone()).isGreaterThanOrEqualTo(5 + 2);

		BestInstructionResponse best = trials.getBestInstruction(job.getId(), null);
		assertThat(best.getInstruction()).isNotBlank();
		assertThat(best.getDevScore()).isEqualTo(finished.getProgress().getBestDevScore());
		assertThat(best.getTestScore()).isNotNull();
	}

}
