package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import dev.instructzero.generator.GeneratedInstruction;

/**
 * APE: instructions induced by the LLM from the job's exemplars, no soft prompts. A
 * candidate is identified by its ordinal: one sample per (seed, candidate), so proposals
 * are distinct and a resumed job gets back those it already paid for.
 */
public final class ApeSource implements CandidateSource {

	private final Sampler sampler;

	public ApeSource(Sampler sampler) {
		this.sampler = sampler;
	}

	@Override
	public String strategy() {
		return "ape";
	}

	@Override
	public Proposal propose(Batch batch, RunHistory history) {
		return Proposal.NONE;
	}

	@Override
	public GeneratedInstruction instruction(int ordinal, double @Nullable [] z) {
		return this.sampler.sample(ordinal);
	}

	/** The instruction APE samples for candidate {@code ordinal}. */
	@FunctionalInterface
	public interface Sampler {

		GeneratedInstruction sample(int ordinal);

	}

}
