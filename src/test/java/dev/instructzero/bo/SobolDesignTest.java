package dev.instructzero.bo;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SobolDesignTest {

	@Test
	void isDeterministicPerSeedAndDiffersBetweenSeeds() {
		double[][] a = SobolDesign.points(25, 10, 7);
		assertThat(SobolDesign.points(25, 10, 7)).isDeepEqualTo(a);
		assertThat(Arrays.deepEquals(SobolDesign.points(25, 10, 8), a)).isFalse();
	}

	@Test
	void staysInTheBoxAndNeverStartsAtTheCorner() {
		double[][] points = SobolDesign.points(100, 10, 1);
		for (double[] p : points) {
			assertThat(p).hasSize(10);
			for (double v : p) {
				assertThat(v).isGreaterThanOrEqualTo(-1).isLessThan(1);
			}
		}
		assertThat(Arrays.stream(points[0]).allMatch((v) -> v == -1)).isFalse();
	}

	@Test
	void everyCoordinateOfTwoToTheKPointsHitsEachOfTheTwoToTheKSlicesOnce() {
		int count = 64;
		double[][] points = SobolDesign.points(count, 12, 3);
		for (int k = 0; k < 12; k++) {
			boolean[] hit = new boolean[count];
			for (double[] p : points) {
				int slice = (int) Math.floor((p[k] + 1) / 2 * count);
				assertThat(hit[slice]).as("dimension %d slice %d hit twice", k, slice).isFalse();
				hit[slice] = true;
			}
		}
	}

	@Test
	void firstTwoDimensionsFormANetInEveryElementaryBox() {
		// Sobol's first two coordinates form a (0, m, 2)-net: each 2^a x 2^(m-a) box
		// holds one point
		int m = 6;
		double[][] points = SobolDesign.points(1 << m, 2, 11);
		for (int a = 0; a <= m; a++) {
			int rows = 1 << a;
			int columns = 1 << (m - a);
			boolean[] hit = new boolean[rows * columns];
			for (double[] p : points) {
				int i = (int) Math.floor((p[0] + 1) / 2 * rows);
				int j = (int) Math.floor((p[1] + 1) / 2 * columns);
				assertThat(hit[i * columns + j]).isFalse();
				hit[i * columns + j] = true;
			}
		}
	}

	@Test
	void rejectsBadSizes() {
		assertThatIllegalArgumentException().isThrownBy(() -> SobolDesign.points(0, 3, 1))
			.withMessageContaining("count");
		assertThatIllegalArgumentException().isThrownBy(() -> SobolDesign.points(5, 0, 1))
			.withMessageContaining("dimension");
		assertThatIllegalArgumentException().isThrownBy(() -> SobolDesign.points(5, SobolDesign.MAX_DIMENSION + 1, 1))
			.withMessageContaining("dimension");
	}

}
