package dev.instructzero.bo;

/**
 * Covariance of the Gaussian process over soft prompts z in [-1, 1]^d. Each kernel has a
 * wire name ({@link #wireName()}), the one a job's settings use in JSON; the JSON mapping
 * itself lives outside this package, which stays free of Jackson.
 */
public enum KernelChoice {

	/**
	 * InstructZero's instruction-coupled kernel K(z, z') = l(z, Z) (L + eps I)^-1 S (L +
	 * eps I)^-1 l(Z, z'), eps = 1e-4, with l, L Matérn-5/2 ARD on soft prompts and S
	 * Matérn-5/2 ARD on the instructions' per-example score vectors; times an
	 * outputscale.
	 */
	INSTRUCTION_COUPLED("instruction-coupled"),

	/** Matérn-5/2 ARD kernel on z, times an outputscale. */
	LATENT("latent");

	private final String wireName;

	KernelChoice(String wireName) {
		this.wireName = wireName;
	}

	/** The kernel's name in a job's settings, e.g. {@code instruction-coupled}. */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * The kernel with the given wire name.
	 * @param name a wire name, e.g. {@code latent}
	 * @return the kernel
	 * @throws IllegalArgumentException naming the wire names when no kernel has this one
	 */
	public static KernelChoice fromWireName(String name) {
		StringBuilder expected = new StringBuilder();
		for (KernelChoice kernel : values()) {
			if (kernel.wireName.equals(name)) {
				return kernel;
			}
			expected.append(expected.isEmpty() ? "" : " or ").append(kernel.wireName);
		}
		throw new IllegalArgumentException("unknown kernel '" + name + "' (expected " + expected + ")");
	}

}
