package dev.instructzero.study;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MeanEstimateTest {

	@Test
	void studentQuantilesMatchPublishedTables() {
		// t(0.975, df), e.g. NIST/SEMATECH e-Handbook table 1.3.6.7.2
		assertThat(MeanEstimate.tQuantile(1)).isCloseTo(12.706204736174698, within(1e-9));
		assertThat(MeanEstimate.tQuantile(2)).isCloseTo(4.302652729911275, within(1e-9));
		assertThat(MeanEstimate.tQuantile(4)).isCloseTo(2.7764451051977987, within(1e-9));
		assertThat(MeanEstimate.tQuantile(9)).isCloseTo(2.2621571627409915, within(1e-9));
		assertThat(MeanEstimate.tQuantile(29)).isCloseTo(2.045229642132703, within(1e-9));
	}

	@Test
	void intervalIsMeanPlusMinusTTimesStandardError() {
		MeanEstimate estimate = MeanEstimate.of(new double[] { 1, 2, 3 });
		double half = 4.302652729911275 * 1.0 / Math.sqrt(3);
		assertThat(estimate.n()).isEqualTo(3);
		assertThat(estimate.mean()).isEqualTo(2.0);
		assertThat(estimate.sd()).isCloseTo(1.0, within(1e-12));
		assertThat(estimate.low()).isCloseTo(2 - half, within(1e-9));
		assertThat(estimate.high()).isCloseTo(2 + half, within(1e-9));
	}

	@Test
	void oneObservationHasAMeanButNoIntervalAndNoneHasNeither() {
		assertThat(MeanEstimate.of(new double[] { 0.4 })).isEqualTo(new MeanEstimate(1, 0.4, null, null, null));
		assertThat(MeanEstimate.of(new double[0])).isEqualTo(new MeanEstimate(0, null, null, null, null));
	}

	@Test
	void identicalObservationsHaveAZeroWidthInterval() {
		MeanEstimate estimate = MeanEstimate.of(new double[] { 0.5, 0.5, 0.5, 0.5 });
		assertThat(estimate.low()).isEqualTo(0.5);
		assertThat(estimate.high()).isEqualTo(0.5);
	}

}
