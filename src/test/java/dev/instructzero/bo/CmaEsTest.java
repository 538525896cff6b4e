package dev.instructzero.bo;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CmaEsTest {

	@Test
	void findsTheMaximumOfAConcaveQuadraticFromEveryStartInOneBatchPerGeneration() {
		double[] centre = { 0.3, -0.6, 0.1, 0.8, -0.2 };
		AtomicInteger batches = new AtomicInteger();
		CmaEs.BatchObjective objective = (points) -> {
			batches.incrementAndGet();
			double[] values = new double[points.length];
			for (int i = 0; i < points.length; i++) {
				for (int k = 0; k < 5; k++) {
					values[i] -= (k + 1) * (points[i][k] - centre[k]) * (points[i][k] - centre[k]);
				}
			}
			return values;
		};
		double[][] starts = { { -1, -1, -1, -1, -1 }, { 1, 1, 1, 1, 1 }, { 0, 0, 0, 0, 0 } };
		CmaEs.Outcome outcome = CmaEs.maximize(objective, starts, 50, 40, 0.8, new SplittableRandom(1));
		assertThat(batches.get()).isEqualTo(41);
		assertThat(outcome.best()).hasSize(3);
		assertThat(outcome.all()).hasSize(3 + 3 * 50 * 40);
		for (CmaEs.Evaluated best : outcome.best()) {
			assertThat(best.value()).isGreaterThan(-1e-6);
			for (int k = 0; k < 5; k++) {
				assertThat(best.point()[k]).isCloseTo(centre[k], within(1e-3));
			}
		}
	}

	@Test
	void staysInsideTheBoxWhenTheOptimumIsOutside() {
		CmaEs.BatchObjective objective = (points) -> {
			double[] values = new double[points.length];
			for (int i = 0; i < points.length; i++) {
				for (double v : points[i]) {
					values[i] += v;
				}
			}
			return values;
		};
		CmaEs.Outcome outcome = CmaEs.maximize(objective, new double[][] { { 0, 0, 0 } }, 20, 30, 0.8,
				new SplittableRandom(2));
		for (CmaEs.Evaluated e : outcome.all()) {
			for (double v : e.point()) {
				assertThat(v).isBetween(-1.0, 1.0);
			}
		}
		assertThat(outcome.best().get(0).value()).isCloseTo(3, within(1e-3));
	}

}
