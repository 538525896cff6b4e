package dev.instructzero.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Scoring rule of a task. The first four are the instruction-induction benchmark's
 * metrics on {@link AnswerNormalizer normalised} text; {@code regex}, {@code numeric},
 * {@code json} and {@code choice} check the raw answer and take their parameters from
 * {@link MetricOptions}; {@code llm_judge} is scored by a judge model in the evaluator.
 * The JSON and database name is the lower-case wire name.
 */
public enum Metric {

	EXACT_MATCH("exact_match"), F1("f1"), EXACT_SET("exact_set"), CONTAINS("contains"), REGEX("regex"),
	NUMERIC("numeric"), JSON("json"), CHOICE("choice"), LLM_JUDGE("llm_judge");

	private final String wireName;

	Metric(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/** Whether the metric compares {@link AnswerNormalizer normalised} text. */
	public boolean normalizes() {
		return this == EXACT_MATCH || this == F1 || this == EXACT_SET || this == CONTAINS;
	}

	@JsonCreator
	public static Metric fromWireName(String name) {
		for (Metric metric : values()) {
			if (metric.wireName.equals(name)) {
				return metric;
			}
		}
		throw new IllegalArgumentException("unknown metric '" + name
				+ "' (expected exact_match, f1, exact_set, contains, regex, numeric, json, choice or llm_judge)");
	}

}
