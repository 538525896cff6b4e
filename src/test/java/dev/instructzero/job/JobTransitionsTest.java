package dev.instructzero.job;

import dev.instructzero.run.Phase;
import dev.instructzero.run.StopReason;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The repository's conditional UPDATEs move a job only along {@link JobStatus}'s table,
 * and write the phase that goes with the move. Rows are inserted directly, so no runner
 * touches them (the reconciler waits an hour).
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.ai.openai.api-key=test-key",
		"instructzero.generator.vllm.base-url=http://127.0.0.1:9", "instructzero.generator.vllm.model=vicuna",
		"instructzero.generator.checkpoint-dir=target/no-checkpoint", "instructzero.jobs.reconcile-interval=PT1H" })
class JobTransitionsTest {

	private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobRepository jobs;

	UUID taskId;

	@BeforeEach
	void createTask() throws Exception {
		String body = this.mvc.perform(post("/tasks").contentType(MediaType.APPLICATION_JSON).content(JobApiTest.TASK))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		this.taskId = UUID.fromString(JsonPath.read(body, "$.id"));
	}

	@Test
	void runsResumesAfterACrashAndIsCancelledOnlyWhileUnfinished() {
		UUID id = insert(JobStatus.QUEUED, Phase.QUEUED);

		assertThat(this.jobs.markRunning(id, NOW)).isEqualTo(1);
		assertThat(row(id)).containsEntry("status", "RUNNING").containsEntry("phase", "preparing");
		// a rerun after a crash enters RUNNING again and keeps its start
		this.jobs.updatePhase(id, Phase.FITTING_GP, 2);
		assertThat(row(id)).containsEntry("phase", "fitting-gp").containsEntry("current_iteration", 2);
		Object started = row(id).get("started_at");
		assertThat(started).isNotNull();
		assertThat(this.jobs.markRunning(id, NOW.plusSeconds(60))).isEqualTo(1);
		assertThat(row(id)).containsEntry("started_at", started).containsEntry("phase", "preparing");

		// RUNNING is only asked to stop, and may then not start again
		assertThat(this.jobs.requestCancel(id, NOW)).isEqualTo(1);
		assertThat(row(id)).containsEntry("status", "RUNNING").containsEntry("cancel_requested", true);
		assertThat(this.jobs.markRunning(id, NOW)).isZero();

		assertThat(this.jobs.finish(id, JobStatus.CANCELLED, StopReason.CANCELLED, null, NOW)).isEqualTo(1);
		assertThat(row(id)).containsEntry("status", "CANCELLED")
			.containsEntry("stop_reason", "CANCELLED")
			.containsEntry("phase", "cancelled");
		assertThat(this.jobs.finish(id, JobStatus.FAILED, null, "late", NOW)).isZero();
		assertThat(this.jobs.requestCancel(id, NOW)).isZero();
		assertThat(this.jobs.markRunning(id, NOW)).isZero();

		assertThat(this.jobs.requestResume(id)).isEqualTo(1);
		assertThat(row(id)).containsEntry("status", "QUEUED")
			.containsEntry("phase", "queued")
			.containsEntry("cancel_requested", false)
			.containsEntry("resumptions", 1);
		assertThat(row(id).get("stop_reason")).isNull();
		assertThat(row(id).get("finished_at")).isNull();
	}

	@Test
	void cancelsAQueuedJobAtOnce() {
		UUID id = insert(JobStatus.QUEUED, Phase.QUEUED);

		assertThat(this.jobs.requestCancel(id, NOW)).isEqualTo(1);

		assertThat(row(id)).containsEntry("status", "CANCELLED")
			.containsEntry("stop_reason", "CANCELLED")
			.containsEntry("phase", "cancelled")
			.containsEntry("cancel_requested", true);
		assertThat(row(id).get("finished_at")).isNotNull();
		assertThat(this.jobs.deleteFinished(id)).isEqualTo(1);
	}

	@Test
	void refusesTheMovesTheTableRefuses() {
		UUID queued = insert(JobStatus.QUEUED, Phase.QUEUED);
		UUID succeeded = insert(JobStatus.SUCCEEDED, Phase.DONE);

		// a job succeeds only from RUNNING
		assertThat(this.jobs.finish(queued, JobStatus.SUCCEEDED, StopReason.COMPLETED, null, NOW)).isZero();
		// a succeeded job is final: no resume, cancel, rerun or second end
		assertThat(this.jobs.requestResume(succeeded)).isZero();
		assertThat(this.jobs.requestCancel(succeeded, NOW)).isZero();
		assertThat(this.jobs.markRunning(succeeded, NOW)).isZero();
		assertThat(this.jobs.finish(succeeded, JobStatus.FAILED, null, "late", NOW)).isZero();
		// only finished jobs are deleted
		assertThat(this.jobs.deleteFinished(queued)).isZero();
		assertThat(row(succeeded)).containsEntry("status", "SUCCEEDED").containsEntry("phase", "done");

		assertThat(this.jobs.finish(queued, JobStatus.FAILED, null, "JobRunr gave up", NOW)).isEqualTo(1);
		assertThat(row(queued)).containsEntry("status", "FAILED")
			.containsEntry("phase", "failed")
			.containsEntry("error_message", "JobRunr gave up");
	}

	@Test
	void countsOnlyQueuedAndRunningJobsAsUnfinished() {
		UUID queued = insert(JobStatus.QUEUED, Phase.QUEUED);
		UUID running = insert(JobStatus.RUNNING, Phase.BASELINE);
		UUID succeeded = insert(JobStatus.SUCCEEDED, Phase.DONE);
		UUID failed = insert(JobStatus.FAILED, Phase.FAILED);
		UUID cancelled = insert(JobStatus.CANCELLED, Phase.CANCELLED);

		assertThat(this.jobs.countUnfinishedByTask(this.taskId)).isEqualTo(2);
		assertThat(this.jobs.findUnfinishedIds()).contains(queued, running)
			.doesNotContain(succeeded, failed, cancelled);
		assertThat(this.jobs.findById(running).orElseThrow().phase()).isEqualTo(Phase.BASELINE);
	}

	private UUID insert(JobStatus status, Phase phase) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into job (id, task_id, strategy, black_box_model, settings, budget, seed, status, phase,
				  trials_planned, finished_at)
				values (:id, :task, 'random', 'gpt-3.5-turbo', '{}'::jsonb, '{}'::jsonb, 1, :status, :phase, 4,
				  case when :finished then now() end)""")
			.param("id", id)
			.param("task", this.taskId)
			.param("status", status.name())
			.param("phase", phase.wireName())
			.param("finished", status.isFinished())
			.update();
		return id;
	}

	private Map<String, Object> row(UUID id) {
		return this.jdbc.sql("""
				select status, phase, stop_reason, error_message, cancel_requested, current_iteration, started_at,
				  finished_at, resumptions
				from job where id = :id""").param("id", id).query().singleRow();
	}

}
