package dev.instructzero.trial;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a trial's candidate came from. */
public enum TrialOrigin {

	/** The initial scrambled-Sobol design. */
	INITIAL("initial"),
	/** A Bayesian-optimisation proposal. */
	PROPOSAL("proposal"),
	/** A baseline strategy's candidate (random soft prompt, APE instruction). */
	BASELINE("baseline");

	private final String wireName;

	TrialOrigin(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	static TrialOrigin fromWireName(String name) {
		for (TrialOrigin origin : values()) {
			if (origin.wireName.equals(name)) {
				return origin;
			}
		}
		throw new IllegalArgumentException("unknown trial origin " + name);
	}

}
