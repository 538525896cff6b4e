package dev.instructzero.run;

/** The phases a run reports through {@link JobProgress#phase}. */
final class Phases {

	static final String BASELINE = "baseline";

	static final String INITIAL_DESIGN = "initial-design";

	static final String FITTING_GP = "fitting-gp";

	static final String BAYESIAN_OPTIMISATION = "bayesian-optimisation";

	static final String FINAL_SELECTION = "final-selection";

	static final String SCORING_TEST = "scoring-test";

	private Phases() {
	}

}
