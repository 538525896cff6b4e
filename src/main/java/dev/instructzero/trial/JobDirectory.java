package dev.instructzero.trial;

import java.util.Optional;
import java.util.UUID;

/**
 * What the trial API needs to know of the job that a trial belongs to. The job module,
 * which owns the {@code job} table, answers it (so trials do not read that table).
 */
public interface JobDirectory {

	/** The job, empty if it does not exist. */
	Optional<Entry> find(UUID jobId);

	/**
	 * @param strategy the job's strategy by its wire name ({@code instructzero},
	 * {@code random}, {@code ape})
	 * @param blackBoxModel the black-box model the job scores instructions on
	 */
	record Entry(String strategy, String blackBoxModel) {
	}

}
