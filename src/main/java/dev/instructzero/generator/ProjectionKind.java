package dev.instructzero.generator;

/**
 * Distribution of the entries of the random projection A ((n·hidden) × d).
 */
enum ProjectionKind {

	/** i.i.d. uniform [-1, 1], no rescaling: the paper's default. */
	UNIFORM,

	/**
	 * i.i.d. normal with std = α·std(E)/√d, E the input-embedding table (black-box-tuning
	 * style), so soft tokens have about the size of real token embeddings.
	 */
	NORMAL

}
