package dev.instructzero.job;

import dev.instructzero.run.Phase;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Lifecycle of a job, and the one table of the moves between its states:
 *
 * <pre>
 * QUEUED ──► RUNNING ──► SUCCEEDED
 *   │          │ ▲ (a resumed run enters RUNNING again)
 *   │          └─┴──► FAILED | CANCELLED
 *   └──────────────► FAILED | CANCELLED (cancelled before it ran; JobRunr gave up)
 * FAILED | CANCELLED ──► QUEUED (POST /jobs/{id}/resume)
 * </pre>
 *
 * The repository's conditional UPDATEs take their {@code WHERE status IN (...)} from
 * {@link #sourcesOf(JobStatus)}, so a move the table does not allow changes no row.
 */
public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	public boolean isFinished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

	/** Whether a job in this status may move to {@code next}. */
	public boolean canMoveTo(JobStatus next) {
		return switch (this) {
			case QUEUED -> next == RUNNING || next == FAILED || next == CANCELLED;
			case RUNNING -> next == RUNNING || next.isFinished();
			case FAILED, CANCELLED -> next == QUEUED;
			case SUCCEEDED -> false;
		};
	}

	/** The statuses from which a job may move to {@code next}. */
	static Set<JobStatus> sourcesOf(JobStatus next) {
		Set<JobStatus> sources = EnumSet.noneOf(JobStatus.class);
		for (JobStatus status : values()) {
			if (status.canMoveTo(next)) {
				sources.add(status);
			}
		}
		return sources;
	}

	/** The names of the statuses, as the {@code job.status} column stores them. */
	static List<String> names(Set<JobStatus> statuses) {
		return statuses.stream().map(JobStatus::name).toList();
	}

	static Set<JobStatus> unfinished() {
		return EnumSet.of(QUEUED, RUNNING);
	}

	static Set<JobStatus> finished() {
		EnumSet<JobStatus> finished = EnumSet.noneOf(JobStatus.class);
		Arrays.stream(values()).filter(JobStatus::isFinished).forEach(finished::add);
		return finished;
	}

	/** The phase a job ends in with this final status. */
	Phase endPhase() {
		return switch (this) {
			case SUCCEEDED -> Phase.DONE;
			case CANCELLED -> Phase.CANCELLED;
			case FAILED -> Phase.FAILED;
			case QUEUED, RUNNING -> throw new IllegalArgumentException(this + " is not a final status");
		};
	}

}
