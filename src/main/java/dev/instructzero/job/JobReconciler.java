package dev.instructzero.job;

import java.util.UUID;

import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes sure no unfinished job is silently forgotten: a QUEUED or RUNNING job whose
 * JobRunr job is missing is enqueued again, and one whose JobRunr job failed for good
 * (its retries used up, e.g. by a database that stayed down) is marked FAILED with
 * JobRunr's last error. Runs on every replica; both actions are idempotent.
 */
@Component
class JobReconciler {

	private static final Logger log = LoggerFactory.getLogger(JobReconciler.class);

	private final JobRepository jobs;

	private final StorageProvider storage;

	private final JobLauncher launcher;

	private final JobEvents events;

	private final java.time.Clock clock;

	JobReconciler(JobRepository jobs, StorageProvider storage, JobLauncher launcher, JobEvents events,
			java.time.Clock clock) {
		this.jobs = jobs;
		this.storage = storage;
		this.launcher = launcher;
		this.events = events;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${instructzero.jobs.reconcile-interval:PT1M}",
			fixedDelayString = "${instructzero.jobs.reconcile-interval:PT1M}")
	void reconcile() {
		try {
			for (UUID jobId : this.jobs.findUnfinishedIds()) {
				reconcile(jobId);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Job reconciliation skipped: {}", ex.getMessage());
		}
	}

	void reconcile(UUID jobId) {
		org.jobrunr.jobs.Job execution;
		try {
			// a job resumed through the API runs under its resumption's id
			execution = this.storage.getJobById(JobLauncher.runId(jobId, this.jobs.resumptions(jobId)));
		}
		catch (JobNotFoundException ex) {
			log.warn("Job {} is unfinished but JobRunr has no job for it; enqueuing it again", jobId);
			this.launcher.launch(jobId);
			return;
		}
		if (execution.getState() == StateName.FAILED || execution.getState() == StateName.DELETED) {
			String reason = execution.getLastJobStateOfType(FailedState.class)
				.map((failed) -> failed.getExceptionType() + ": " + failed.getExceptionMessage())
				.orElse("its execution was " + execution.getState().name().toLowerCase());
			if (this.jobs.finish(jobId, JobStatus.FAILED, null, "Job stopped after its retries were used up: " + reason,
					this.clock.instant()) > 0) {
				log.warn("Job {} marked FAILED: JobRunr gave up on it ({})", jobId, reason);
				this.events.jobChanged(jobId);
			}
		}
	}

}
