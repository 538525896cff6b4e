package dev.instructzero.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** When a job asks the search for its next soft prompts. */
enum ProposalSchedule {

	/**
	 * The paper's: an iteration's batch is proposed once every candidate of the previous
	 * one has been scored.
	 */
	BATCH("batch"),
	/**
	 * Whenever a candidate finishes and one of the job's batchSize slots is free, the
	 * next proposal is made on every trial so far, with the candidates still running
	 * treated as pending (Kriging-believer fantasies), so generation and evaluation stay
	 * busy.
	 */
	ASYNC("async");

	private final String wireName;

	ProposalSchedule(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	@JsonCreator
	public static ProposalSchedule fromWireName(String name) {
		for (ProposalSchedule schedule : values()) {
			if (schedule.wireName.equals(name)) {
				return schedule;
			}
		}
		throw new IllegalArgumentException("unknown schedule '" + name + "' (expected batch or async)");
	}

}
