package dev.instructzero.job;

import java.util.Arrays;
import java.util.List;

import dev.instructzero.bo.BayesianOptimizer;
import dev.instructzero.bo.KernelChoice;
import dev.instructzero.bo.Observations;
import dev.instructzero.bo.SobolDesign;

import org.springframework.stereotype.Component;

/**
 * {@link SoftPromptSearch} by the {@code bo} engine: scrambled Sobol, then GP + LogEI +
 * CMA-ES with Kriging-believer batches.
 */
@Component
class BayesianSoftPromptSearch implements SoftPromptSearch {

	private final BayesianOptimizer optimizer;

	BayesianSoftPromptSearch() {
		this(new BayesianOptimizer());
	}

	/** With another optimiser (benchmarks compare batch selections). */
	BayesianSoftPromptSearch(BayesianOptimizer optimizer) {
		this.optimizer = optimizer;
	}

	@Override
	public List<double[]> initialDesign(int count, int dimension, long seed) {
		return Arrays.asList(SobolDesign.points(count, dimension, seed));
	}

	@Override
	public List<double[]> propose(List<Observation> observed, Kernel kernel, int q, long seed) {
		double[][] z = observed.stream().map(Observation::z).toArray(double[][]::new);
		double[] scores = observed.stream().mapToDouble(Observation::score).toArray();
		double[][] vectors = observed.stream().map(Observation::exampleScores).toArray(double[][]::new);
		KernelChoice choice = (kernel == Kernel.LATENT) ? KernelChoice.LATENT : KernelChoice.INSTRUCTION_COUPLED;
		Observations observations = new Observations(z, scores, vectors, choice);
		return Arrays.asList(this.optimizer.propose(observations, q, seed).points());
	}

}
