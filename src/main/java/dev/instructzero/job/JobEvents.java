package dev.instructzero.job;

import java.util.UUID;

/**
 * Announces changes of a job to every replica (PostgreSQL NOTIFY), so Server-Sent-Event
 * clients follow a job whichever replica runs it.
 */
interface JobEvents {

	/** A trial of the job has been committed. */
	void trialPersisted(UUID jobId, int ordinal);

	/** The job's status or phase changed. */
	void jobChanged(UUID jobId);

}
