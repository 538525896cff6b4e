package dev.instructzero.bo;

/**
 * Prior on the Matérn lengthscales of the Gaussian process, applied to each input set
 * with the width of its box: the soft prompts z live in [-1, 1]^d (width 2), the
 * instructions' score vectors in [0, 1]^m (width 1). A lengthscale l measured on a box of
 * width w equals w times the lengthscale l1 of the same function on the unit box, so a
 * prior stated for [0, 1]^d is carried over by the change of variable l = w l1.
 */
public enum LengthscalePrior {

	/**
	 * Gamma(3, 6) on every lengthscale whatever the box, as the InstructZero reference
	 * (BoTorch's classic SingleTaskGP). Meant for [0, 1]^d: on z in [-1, 1]^d it is twice
	 * as tight as intended (mode 1/3 instead of 2/3), which lets the fit interpolate
	 * noise.
	 */
	REFERENCE_GAMMA,

	/**
	 * Gamma(3, 6) stated on the unit box and carried to a box of width w: if l1 ~
	 * Gamma(a, b) then l = w l1 ~ Gamma(a, b / w), so Gamma(3, 3) on z (mode 2/3, mean 1)
	 * and Gamma(3, 6) on the score vectors.
	 */
	RESCALED_GAMMA,

	/**
	 * The dimension-scaled prior of current BoTorch (Hvarfner, Hellsten and Nardi,
	 * "Vanilla Bayesian Optimization Performs Great in High Dimensions", ICML 2024;
	 * BoTorch's {@code get_covar_module_with_dim_scaled_prior}): l1 ~ LogNormal(sqrt 2 +
	 * log(d) / 2, sqrt 3) on the unit box, so l ~ LogNormal(sqrt 2 + log(d) / 2 + log w,
	 * sqrt 3) on a box of width w. Its median grows like sqrt(d), keeping the prior
	 * correlation of random points roughly independent of the dimension.
	 */
	DIMENSION_SCALED_LOGNORMAL;

	/**
	 * The prior for one input set.
	 * @param dimension number of lengthscales (inputs), at least 1
	 * @param boxWidth side of the box the inputs live in (2 for [-1, 1], 1 for [0, 1])
	 * @throws IllegalArgumentException if dimension < 1 or boxWidth is not positive
	 */
	HyperparameterPrior forInputs(int dimension, double boxWidth) {
		if (dimension < 1 || !(boxWidth > 0) || !Double.isFinite(boxWidth)) {
			throw new IllegalArgumentException(
					"need at least one input and a positive box width, got " + dimension + ", " + boxWidth);
		}
		return switch (this) {
			case REFERENCE_GAMMA -> GammaPrior.LENGTHSCALE;
			case RESCALED_GAMMA ->
				new GammaPrior(GammaPrior.LENGTHSCALE.concentration(), GammaPrior.LENGTHSCALE.rate() / boxWidth);
			case DIMENSION_SCALED_LOGNORMAL ->
				new LogNormalPrior(Math.sqrt(2) + 0.5 * Math.log(dimension) + Math.log(boxWidth), Math.sqrt(3));
		};
	}

}
