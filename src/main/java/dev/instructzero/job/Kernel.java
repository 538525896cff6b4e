package dev.instructzero.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Covariance of the Gaussian process a job uses. */
public enum Kernel {

	/**
	 * InstructZero's kernel: soft prompts compared through their instructions' dev score
	 * vectors.
	 */
	INSTRUCTION_COUPLED("instruction-coupled"),
	/** Matérn-5/2 ARD on the soft prompts alone. */
	LATENT("latent");

	private final String wireName;

	Kernel(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	@JsonCreator
	public static Kernel fromWireName(String name) {
		for (Kernel kernel : values()) {
			if (kernel.wireName.equals(name)) {
				return kernel;
			}
		}
		throw new IllegalArgumentException("unknown kernel '" + name + "' (expected instruction-coupled or latent)");
	}

}
