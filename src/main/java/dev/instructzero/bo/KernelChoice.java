package dev.instructzero.bo;

/**
 * Covariance of the Gaussian process over soft prompts z in [-1, 1]^d.
 */
public enum KernelChoice {

	/** Matérn-5/2 ARD kernel on z, times an outputscale. */
	LATENT,

	/**
	 * InstructZero's instruction-coupled kernel K(z, z') = l(z, Z) (L + eps I)^-1 S (L +
	 * eps I)^-1 l(Z, z'), eps = 1e-4, with l, L Matérn-5/2 ARD on soft prompts and S
	 * Matérn-5/2 ARD on the instructions' per-example score vectors; times an
	 * outputscale.
	 */
	INSTRUCTION_COUPLED

}
