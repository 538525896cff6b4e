package dev.instructzero.generator;

import java.util.Objects;

/**
 * One generation: a point z of the search space and the context of its job.
 *
 * @param z the point, length d of the job's projection (usually in [-1, 1]^d)
 * @param context the job's prepared context (projection, exemplars, token rows), see
 * {@link SoftPromptInstructionGenerator#prepare}
 */
record SoftPromptGenerationRequest(double[] z, SoftPromptJobContext context) {

	/**
	 * @throws NullPointerException when z or context is null
	 * @throws IllegalArgumentException when z's length is not the projection's d
	 */
	public SoftPromptGenerationRequest {
		Objects.requireNonNull(z, "z");
		Objects.requireNonNull(context, "context");
		if (z.length != context.projection().intrinsicDimension()) {
			throw new IllegalArgumentException("z has length " + z.length + " but the job's projection has d="
					+ context.projection().intrinsicDimension());
		}
		z = z.clone();
	}

	@Override
	public double[] z() {
		return this.z.clone();
	}

}
