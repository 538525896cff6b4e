package dev.instructzero.job;

import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.instructzero.support.IntegrationTest;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** No unfinished job is forgotten when its JobRunr execution is lost or gives up. */
@IntegrationTest
@TestPropertySource(properties = { "spring.ai.openai.api-key=test-key",
		"instructzero.generator.vllm.base-url=http://127.0.0.1:9", "instructzero.generator.vllm.model=vicuna",
		"instructzero.generator.checkpoint-dir=target/no-checkpoint", "instructzero.jobs.reconcile-interval=PT1H" })
class JobReconcilerTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	JobReconciler reconciler;

	@Autowired
	StorageProvider storage;

	@Autowired
	JobService jobs;

	UUID createJob() throws Exception {
		String body = this.mvc
			.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
				.content("{\"task\": " + JobApiTest.TASK + "}"))
			.andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JsonPath.read(body, "$.id"));
	}

	@Test
	void marksAJobFailedWhenJobRunrGaveUpOnIt() throws Exception {
		UUID id = createJob();
		org.jobrunr.jobs.Job execution = this.storage.getJobById(id);
		execution.failed("database stayed down", new IllegalStateException("connection refused"));
		this.storage.save(execution);

		this.reconciler.reconcile(id);

		JobResponse job = this.jobs.get(id);
		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(job.error()).contains("retries were used up").contains("connection refused");
	}

	@Test
	void enqueuesAgainAJobWhoseExecutionIsMissing() throws Exception {
		UUID id = createJob();
		this.storage.deletePermanently(id);

		this.reconciler.reconcile(id);

		assertThat(this.storage.getJobById(id).getState()).isEqualTo(StateName.ENQUEUED);
		assertThat(this.jobs.get(id).status()).isEqualTo(JobStatus.QUEUED);
	}

}
