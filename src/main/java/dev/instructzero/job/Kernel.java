package dev.instructzero.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.instructzero.bo.KernelChoice;

/**
 * A job's {@link KernelChoice} under its JSON wire name: the API's one mapping onto the
 * framework-free {@code bo} enum, which cannot carry Jackson annotations.
 */
public enum Kernel {

	/** InstructZero's kernel, see {@link KernelChoice#INSTRUCTION_COUPLED}. */
	INSTRUCTION_COUPLED("instruction-coupled", KernelChoice.INSTRUCTION_COUPLED),
	/** Matérn-5/2 ARD on the soft prompts alone, see {@link KernelChoice#LATENT}. */
	LATENT("latent", KernelChoice.LATENT);

	private final String wireName;

	private final KernelChoice choice;

	Kernel(String wireName, KernelChoice choice) {
		this.wireName = wireName;
		this.choice = choice;
	}

	/** The Gaussian process's covariance this kernel names. */
	public KernelChoice choice() {
		return this.choice;
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
