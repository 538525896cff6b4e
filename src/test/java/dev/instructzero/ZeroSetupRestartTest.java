package dev.instructzero;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.instructzero.job.CreateJobRequest;
import dev.instructzero.job.JobResponse;
import dev.instructzero.job.JobService;
import dev.instructzero.task.Metric;
import dev.instructzero.task.TaskRequest;
import dev.instructzero.task.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zero-setup default: with no datasource URL the service runs on its own PostgreSQL,
 * migrates it, and finds its tasks and jobs again after a restart.
 */
class ZeroSetupRestartTest {

	@TempDir
	Path dataDir;

	@Test
	void keepsTasksAndJobsAcrossRestartsOnTheEmbeddedDatabase() {
		UUID taskId;
		UUID jobId;
		try (ConfigurableApplicationContext first = start()) {
			assertThat(
					first.getBean(JdbcTemplate.class).queryForObject("show server_version_num", Integer.class) / 10000)
				.isEqualTo(17);
			TaskRequest task = new TaskRequest("restart", null, Metric.EXACT_MATCH,
					List.of(new TaskRequest.ExampleRequest("a", "b", null),
							new TaskRequest.ExampleRequest("c", null, List.of("d", "D"))),
					null);
			taskId = first.getBean(TaskService.class).create(task, "").id();
			JobResponse job = first.getBean(JobService.class)
				.create(new CreateJobRequest(taskId, null, null, null, null, null, null));
			jobId = job.id();
		}
		try (ConfigurableApplicationContext second = start()) {
			assertThat(second.getBean(TaskService.class).get(taskId).examples().get(1).outputs()).containsExactly("d",
					"D");
			assertThat(second.getBean(JobService.class).get(jobId).status().name()).isEqualTo("QUEUED");
			List<Map<String, Object>> migrations = second.getBean(JdbcTemplate.class)
				.queryForList("select version from flyway_schema_history where success");
			assertThat(migrations).isNotEmpty();
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(InstructZeroApplication.class).run(
				"--instructzero.embedded-postgres.data-dir=" + this.dataDir, "--server.port=0",
				"--spring.ai.openai.api-key=test-key", "--instructzero.generator.vllm.base-url=http://127.0.0.1:9",
				"--instructzero.generator.vllm.model=vicuna",
				"--instructzero.generator.checkpoint-dir=target/no-checkpoint",
				// the job stays QUEUED: a job server would take it up a second after
				// startup and fail it against the missing vLLM
				"--jobrunr.background-job-server.enabled=false");
	}

}
