package dev.instructzero.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Scoring rule of a task, as in the instruction-induction benchmark. The JSON and
 * database name is the lower-case wire name ({@code exact_match}, {@code f1},
 * {@code exact_set}, {@code contains}).
 */
public enum Metric {

	EXACT_MATCH("exact_match"), F1("f1"), EXACT_SET("exact_set"), CONTAINS("contains");

	private final String wireName;

	Metric(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	@JsonCreator
	public static Metric fromWireName(String name) {
		for (Metric metric : values()) {
			if (metric.wireName.equals(name)) {
				return metric;
			}
		}
		throw new IllegalArgumentException(
				"unknown metric '" + name + "' (expected exact_match, f1, exact_set or contains)");
	}

}
