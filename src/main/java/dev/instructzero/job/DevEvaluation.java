package dev.instructzero.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a job scores a new instruction on its fixed dev subset. */
enum DevEvaluation {

	/** Every instruction on every dev example (the paper's way). */
	FULL("full"),
	/**
	 * In stages along the subset's fixed order; after each stage an instruction whose
	 * Beta-posterior upper bound is below the job's best dev score stops.
	 */
	RACING("racing");

	private final String wireName;

	DevEvaluation(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	@JsonCreator
	public static DevEvaluation fromWireName(String name) {
		for (DevEvaluation evaluation : values()) {
			if (evaluation.wireName.equals(name)) {
				return evaluation;
			}
		}
		throw new IllegalArgumentException("unknown evaluation '" + name + "' (expected full or racing)");
	}

}
