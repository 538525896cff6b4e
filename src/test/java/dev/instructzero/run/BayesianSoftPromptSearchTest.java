package dev.instructzero.run;

import dev.instructzero.bo.KernelChoice;

import java.util.ArrayList;
import java.util.List;

import dev.instructzero.bo.SobolDesign;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BayesianSoftPromptSearchTest {

	/** 30 scored soft prompts in [-1, 1]^3 with 4 example scores each. */
	private static List<SoftPromptSearch.Observation> observed() {
		List<SoftPromptSearch.Observation> observed = new ArrayList<>();
		for (double[] z : SobolDesign.points(30, 3, 17)) {
			double[] examples = new double[4];
			for (int e = 0; e < 4; e++) {
				examples[e] = (Math.sin(3 * z[0] + e) + z[1] * z[2] > 0) ? 1 : 0;
			}
			observed.add(new SoftPromptSearch.Observation(z,
					(examples[0] + examples[1] + examples[2] + examples[3]) / 4, examples));
		}
		return observed;
	}

	@Test
	void replacementsDependOnlyOnTheArgumentsNotOnWhatTheSearchRemembers() {
		List<SoftPromptSearch.Observation> observed = observed();
		BayesianSoftPromptSearch warm = new BayesianSoftPromptSearch();
		// the first round of the iteration: 24 observations, then 6 more arrived
		warm.propose(observed.subList(0, 24), KernelChoice.INSTRUCTION_COUPLED, 4, 5);
		List<double[]> afterTheFirstRound = warm.proposeReplacements(observed, 24, 5, KernelChoice.INSTRUCTION_COUPLED,
				3, 77);

		// a resumed job: a fresh search has to redo the first round's fit
		List<double[]> resumed = new BayesianSoftPromptSearch().proposeReplacements(observed, 24, 5,
				KernelChoice.INSTRUCTION_COUPLED, 3, 77);

		assertThat(resumed).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(resumed.get(i)).containsExactly(afterTheFirstRound.get(i));
		}
	}

}
