package dev.instructzero.bo;

import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Wall time of one step (fit + propose q = 25, d = 10, m = 20, instruction-coupled) with
 * each {@link BatchSelection}, at n = 150 (the paper's budget) and, with
 * {@code -Dbench.n=400}, other sizes: median of 3 runs after one warm-up. Run with
 * {@code ./mvnw -Pbench test -Dtest=BatchSelectionStepTimeBenchmark}.
 */
@Tag("bench")
class BatchSelectionStepTimeBenchmark {

	@Test
	void stepTimeByBatchSelection() {
		for (int n : new int[] { Integer.getInteger("bench.n", 150) }) {
			Observations observations = StepTimeBenchmark.syntheticCoupled(n, 10, 20, n);
			for (BatchSelection selection : BatchSelection.values()) {
				BayesianOptimizer optimizer = new BayesianOptimizer(
						OptimizerSettings.defaults().withBatchSelection(selection));
				optimizer.propose(observations, 25, 0);
				double[] seconds = new double[3];
				for (int r = 0; r < seconds.length; r++) {
					long t0 = System.nanoTime();
					optimizer.propose(observations, 25, 100 + r);
					seconds[r] = (System.nanoTime() - t0) / 1e9;
				}
				Arrays.sort(seconds);
				System.out.printf(Locale.ROOT, "BENCH n=%d %s median %.2f s (min %.2f, max %.2f)%n", n, selection,
						seconds[1], seconds[0], seconds[2]);
			}
		}
	}

}
