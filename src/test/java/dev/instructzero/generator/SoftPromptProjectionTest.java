package dev.instructzero.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class SoftPromptProjectionTest {

	@Test
	void isDeterministicPerSeed() {
		SoftPromptProjection a = SoftPromptProjection.uniform(5, 5, 64, 10);
		SoftPromptProjection same = SoftPromptProjection.uniform(5, 5, 64, 10);
		SoftPromptProjection other = SoftPromptProjection.uniform(6, 5, 64, 10);
		double[] z = { 0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8, 0.9, -1.0 };
		assertThat(a.apply(z)).containsExactly(same.apply(z));
		assertThat(a.apply(z)).isNotEqualTo(other.apply(z));
	}

	@Test
	void uniformEntriesFillMinusOneToOne() {
		SoftPromptProjection a = SoftPromptProjection.uniform(1, 5, 512, 10);
		double min = 1;
		double max = -1;
		double sum = 0;
		for (int r = 0; r < 5 * 512; r++) {
			for (int c = 0; c < 10; c++) {
				double v = a.entry(r, c);
				min = Math.min(min, v);
				max = Math.max(max, v);
				sum += v;
			}
		}
		assertThat(min).isGreaterThanOrEqualTo(-1).isLessThan(-0.99);
		assertThat(max).isLessThanOrEqualTo(1).isGreaterThan(0.99);
		assertThat(sum / 25600).isCloseTo(0, within(0.02));
	}

	@Test
	void normalEntriesHaveTheRequestedStd() {
		SoftPromptProjection a = SoftPromptProjection.normal(1, 5, 512, 10, 0.03);
		double squares = 0;
		for (int r = 0; r < 5 * 512; r++) {
			for (int c = 0; c < 10; c++) {
				squares += a.entry(r, c) * a.entry(r, c);
			}
		}
		assertThat(Math.sqrt(squares / 25600)).isCloseTo(0.03, within(0.001));
	}

	@Test
	void appliesAToZRowMajor() {
		SoftPromptProjection a = SoftPromptProjection.uniform(9, 2, 3, 2);
		double[] soft = a.apply(new double[] { 2.0, -1.0 });
		assertThat(soft).hasSize(6);
		for (int row = 0; row < 6; row++) {
			assertThat(soft[row]).isEqualTo(2.0 * a.entry(row, 0) - a.entry(row, 1));
		}
		// unit vectors pick columns
		assertThat(a.apply(new double[] { 0, 1 })[4]).isEqualTo(a.entry(4, 1));
	}

	@Test
	void refusesBadInput() {
		SoftPromptProjection a = SoftPromptProjection.uniform(9, 2, 3, 2);
		assertThatIllegalArgumentException().isThrownBy(() -> a.apply(new double[3])).withMessageContaining("d=2");
		assertThatIllegalArgumentException().isThrownBy(() -> a.apply(new double[] { 0, Double.NaN }));
		assertThatIllegalArgumentException().isThrownBy(() -> SoftPromptProjection.uniform(1, 10, 5120, 1000))
			.withMessageContaining("exceeds");
		assertThatIllegalArgumentException().isThrownBy(() -> SoftPromptProjection.normal(1, 1, 1, 1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> SoftPromptProjection.uniform(1, 0, 1, 1));
	}

}
