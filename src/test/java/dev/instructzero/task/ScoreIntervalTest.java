package dev.instructzero.task;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ScoreIntervalTest {

	@Test
	void usesTheTwoSidedNinetyFivePercentNormalQuantile() {
		assertThat(ScoreInterval.Z_95).isCloseTo(new NormalDistribution(0, 1).inverseCumulativeProbability(0.975),
				within(1e-12));
	}

	@Test
	void wilsonIntervalOfFifteenOutOfTwentyMatchesTheClosedForm() {
		// by hand, z = 1.959964, z² = 3.841459, n = 20, p = 0.75:
		// denominator 1 + z²/n = 1.1920729, centre (0.75 + 0.0960365) / 1.1920729 =
		// 0.7097187, half width z·√(0.009375 + 0.0024009) / 1.1920729 = 0.1784196
		ScoreInterval interval = ScoreInterval.wilson(15, 20);
		assertThat(interval.low()).isCloseTo(0.5312991, within(1e-6));
		assertThat(interval.high()).isCloseTo(0.8881383, within(1e-6));
		assertThat(interval.method()).isEqualTo(ScoreInterval.Method.WILSON);
	}

	@Test
	void wilsonIntervalStaysInsideTheUnitIntervalAtZeroAndAllCorrect() {
		// at 0/n the closed form reduces to [0, z²/(n + z²)]
		double z2 = ScoreInterval.Z_95 * ScoreInterval.Z_95;
		assertThat(ScoreInterval.wilson(0, 20).low()).isCloseTo(0.0, within(1e-12));
		assertThat(ScoreInterval.wilson(0, 20).high()).isCloseTo(z2 / (20 + z2), within(1e-12));
		assertThat(ScoreInterval.wilson(20, 20).low()).isCloseTo(20 / (20 + z2), within(1e-12));
		assertThat(ScoreInterval.wilson(20, 20).high()).isCloseTo(1.0, within(1e-12));
		// and is symmetric: k/n mirrors (n-k)/n
		assertThat(ScoreInterval.wilson(5, 20).low()).isCloseTo(1 - ScoreInterval.wilson(15, 20).high(), within(1e-12));
	}

	@Test
	void zeroOneMetricsGetTheWilsonIntervalOfTheirCorrectCount() {
		double[] scores = new double[20];
		Arrays.fill(scores, 0, 15, 1.0);
		for (Metric metric : new Metric[] { Metric.EXACT_MATCH, Metric.EXACT_SET, Metric.CONTAINS }) {
			assertThat(ScoreInterval.of(metric, scores)).isEqualTo(ScoreInterval.wilson(15, 20));
		}
	}

	@Test
	void bootstrapMatchesTheExactBootstrapDistributionOfASmallSample() {
		double[] scores = { 0.0, 0.2, 0.5, 0.5, 0.8, 1.0 };
		// all 6^6 equally likely resamples: the bootstrap distribution without Monte
		// Carlo
		// error
		int n = scores.length;
		int outcomes = (int) Math.pow(n, n);
		double[] means = new double[outcomes];
		for (int code = 0; code < outcomes; code++) {
			double sum = 0;
			for (int i = 0, rest = code; i < n; i++, rest /= n) {
				sum += scores[rest % n];
			}
			means[code] = sum / n;
		}
		Arrays.sort(means);
		ScoreInterval interval = ScoreInterval.of(Metric.F1, scores);
		assertThat(interval.method()).isEqualTo(ScoreInterval.Method.BOOTSTRAP);
		// 10,000 resamples put the percentiles within a percentage point of the exact
		// ones
		assertThat(interval.low()).isBetween(quantile(means, 0.015), quantile(means, 0.035));
		assertThat(interval.high()).isBetween(quantile(means, 0.965), quantile(means, 0.985));
		assertThat(quantile(means, 0.035)).as("the check can tell the 2.5% from the 5% percentile")
			.isLessThan(quantile(means, 0.05));
	}

	@Test
	void bootstrapAgreesWithTheNormalApproximationForALargeSample() {
		SplittableRandom random = new SplittableRandom(42);
		double[] scores = new double[400];
		for (int i = 0; i < scores.length; i++) {
			scores[i] = Math.min(1, Math.max(0, random.nextDouble() * 1.2 - 0.1));
		}
		double mean = Arrays.stream(scores).average().orElseThrow();
		double variance = Arrays.stream(scores).map((s) -> (s - mean) * (s - mean)).sum() / scores.length;
		double halfWidth = ScoreInterval.Z_95 * Math.sqrt(variance / scores.length);
		ScoreInterval interval = ScoreInterval.of(Metric.F1, scores);
		assertThat(interval.low()).isCloseTo(mean - halfWidth, within(0.006));
		assertThat(interval.high()).isCloseTo(mean + halfWidth, within(0.006));
	}

	@Test
	void bootstrapIsReproducibleAndDegenerateForConstantScores() {
		double[] scores = { 0.3, 0.9, 0.6, 1.0, 0.0, 0.45 };
		assertThat(ScoreInterval.of(Metric.F1, scores)).isEqualTo(ScoreInterval.of(Metric.F1, scores.clone()));
		ScoreInterval constant = ScoreInterval.of(Metric.F1, new double[] { 0.5, 0.5, 0.5 });
		assertThat(constant.low()).isEqualTo(0.5);
		assertThat(constant.high()).isEqualTo(0.5);
	}

	@Test
	void rejectsCountsOutsideTheirRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> ScoreInterval.wilson(21, 20));
		assertThatIllegalArgumentException().isThrownBy(() -> ScoreInterval.wilson(0, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> ScoreInterval.of(Metric.F1, new double[0]));
	}

	// nearest rank: the smallest value whose empirical CDF reaches q
	private static double quantile(double[] sorted, double q) {
		return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
	}

}
