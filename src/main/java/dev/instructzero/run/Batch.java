package dev.instructzero.run;

/**
 * One round of a {@link Plan}: the initial design (iteration 0), an iteration's batch of
 * proposals (round 0) or replacements of its duplicates (rounds 1, 2, ...).
 *
 * @param start first ordinal
 * @param size number of trials
 * @param iterationStart first ordinal of the iteration's first round
 * @param freshBefore instructions new to the job that the iteration's earlier rounds
 * scored
 */
record Batch(int iteration, int round, int start, int size, int iterationStart, int freshBefore) {

	/** The ordinal after the last one of this round. */
	public int end() {
		return this.start + this.size;
	}

}
