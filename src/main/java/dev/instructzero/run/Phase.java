package dev.instructzero.run;

/**
 * What a job is doing now, as {@code progress.phase} of {@code GET /jobs/{id}} shows it
 * (by its wire name, which is also how the {@code job.phase} column stores it). The run
 * reports its own phases through {@link JobProgress#phase}; the job module adds the
 * lifecycle's (queued, preparing, done, failed, cancelled).
 */
public enum Phase {

	QUEUED("queued"), PREPARING("preparing"),

	/** A baseline strategy (uniform soft prompts, APE) generating and scoring. */
	BASELINE("baseline"),

	/** InstructZero's first iteration: the Sobol design. */
	INITIAL_DESIGN("initial-design"),

	FITTING_GP("fitting-gp"), BAYESIAN_OPTIMISATION("bayesian-optimisation"), FINAL_SELECTION("final-selection"),
	SCORING_TEST("scoring-test"),

	DONE("done"), FAILED("failed"), CANCELLED("cancelled");

	private final String wireName;

	Phase(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	/**
	 * The phase of the name; rows stored before a phase was renamed would not name one,
	 * so an unknown name fails loudly instead of being shown as another phase.
	 */
	public static Phase fromWireName(String name) {
		for (Phase phase : values()) {
			if (phase.wireName.equals(name)) {
				return phase;
			}
		}
		throw new IllegalArgumentException("unknown phase '" + name + "'");
	}

}
