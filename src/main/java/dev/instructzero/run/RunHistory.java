package dev.instructzero.run;

import java.util.List;

/** The trials of a run so far, as a candidate source sees them. */
interface RunHistory {

	/** The persisted trials with an ordinal below {@code ordinal}, in ordinal order. */
	List<TrialResult> before(int ordinal);

	/** Every persisted trial, in ordinal order. */
	List<TrialResult> all();

}
