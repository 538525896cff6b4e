package dev.instructzero.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a job proposes instructions: InstructZero's Bayesian optimisation over soft
 * prompts, the paper's uniform random soft prompts, or APE's instructions induced by the
 * LLM itself.
 */
public enum Strategy {

	INSTRUCTZERO("instructzero"), RANDOM("random"), APE("ape");

	private final String wireName;

	Strategy(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	@JsonCreator
	public static Strategy fromWireName(String name) {
		for (Strategy strategy : values()) {
			if (strategy.wireName.equals(name)) {
				return strategy;
			}
		}
		throw new IllegalArgumentException("unknown strategy '" + name + "' (expected instructzero, random or ape)");
	}

	/** Whether the strategy needs the soft-prompt generator (vLLM and the checkpoint). */
	public boolean needsSoftPromptGenerator() {
		return this != APE;
	}

}
