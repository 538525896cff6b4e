package dev.instructzero.run;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The paper's "Uniform" baseline: z uniform in [-1, 1]^d, one stream per ordinal. */
public final class UniformSource implements SoftPromptCandidates {

	private final long seed;

	private final int dimension;

	private final SoftPromptWriter writer;

	public UniformSource(long seed, int dimension, SoftPromptWriter writer) {
		this.seed = seed;
		this.dimension = dimension;
		this.writer = writer;
	}

	@Override
	public String strategy() {
		return "random";
	}

	@Override
	public Proposal propose(Batch batch, RunHistory history) {
		List<double[]> points = new ArrayList<>();
		for (int ordinal = batch.start(); ordinal < batch.end(); ordinal++) {
			points.add(uniformPoint(this.seed, ordinal, this.dimension));
		}
		return new Proposal(points, false);
	}

	static double[] uniformPoint(long seed, int ordinal, int dimension) {
		SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (ordinal + 1L)));
		double[] z = new double[dimension];
		for (int i = 0; i < dimension; i++) {
			z[i] = random.nextDouble(-1.0, 1.0);
		}
		return z;
	}

	@Override
	public SoftPromptWriter writer() {
		return this.writer;
	}

}
