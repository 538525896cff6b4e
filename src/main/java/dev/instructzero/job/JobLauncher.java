package dev.instructzero.job;

import java.util.UUID;

import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hands jobs to JobRunr under the job's own id, which JobRunr treats as idempotent: a job
 * id is enqueued at most once however often this is called, on however many replicas.
 */
@Component
class JobLauncher {

	private static final Logger log = LoggerFactory.getLogger(JobLauncher.class);

	private final JobScheduler scheduler;

	private final JobRunner runner;

	private final JobRepository jobs;

	JobLauncher(JobScheduler scheduler, JobRunner runner, JobRepository jobs) {
		this.scheduler = scheduler;
		this.runner = runner;
		this.jobs = jobs;
	}

	/** Enqueues the job once the current transaction (which created it) has committed. */
	void launchAfterCommit(UUID jobId) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					launch(jobId);
				}
			});
		}
		else {
			launch(jobId);
		}
	}

	void launch(UUID jobId) {
		JobRunner target = this.runner;
		this.scheduler.enqueue(runId(jobId, this.jobs.resumptions(jobId)), () -> target.run(jobId));
	}

	/**
	 * The JobRunr id of a job's run: the job's id, and for its n-th resumption through
	 * the API an id derived from both (JobRunr never enqueues an id twice, so a resumed
	 * job needs a new one, the same on every replica).
	 */
	static UUID runId(UUID jobId, int resumptions) {
		return (resumptions == 0) ? jobId : UUID.nameUUIDFromBytes(
				(jobId + "/resumption/" + resumptions).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/**
	 * A job whose enqueue was lost (crash between commit and enqueue) is enqueued on
	 * start.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void launchUnfinished() {
		for (UUID jobId : this.jobs.findUnfinishedIds()) {
			try {
				launch(jobId);
			}
			catch (RuntimeException ex) {
				log.warn("Could not enqueue job {}: {}", jobId, ex.getMessage());
			}
		}
	}

}
