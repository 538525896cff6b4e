package dev.instructzero.bo;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TestFunctionsTest {

	@Test
	void braninReachesItsStatedMinimumAtAllThreeMinimisers() {
		for (double[] x : new double[][] { { -Math.PI, 12.275 }, { Math.PI, 2.275 }, { 9.42478, 2.475 } }) {
			assertThat(TestFunctions.BRANIN.valueAt(x)).isCloseTo(0.397887, within(1e-5));
		}
		assertThat(TestFunctions.BRANIN.valueAt(new double[] { 0, 0 })).isGreaterThan(1);
	}

	@Test
	void hartmann6ReachesItsStatedMinimum() {
		double[] optimum = { 0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573 };
		assertThat(TestFunctions.HARTMANN6.valueAt(optimum)).isCloseTo(-3.32237, within(1e-5));
		assertThat(TestFunctions.HARTMANN6.valueAt(new double[6])).isGreaterThan(-1);
	}

	@Test
	void tenDimensionalFunctionsAreZeroAtTheirOptimaAndPositiveElsewhere() {
		double[] zeros = new double[10];
		double[] ones = new double[10];
		Arrays.fill(ones, 1);
		assertThat(TestFunctions.ACKLEY10.valueAt(zeros)).isCloseTo(0, within(1e-12));
		assertThat(TestFunctions.LEVY10.valueAt(ones)).isCloseTo(0, within(1e-12));
		assertThat(TestFunctions.ROSENBROCK10.valueAt(ones)).isCloseTo(0, within(1e-12));
		double[] off = new double[10];
		Arrays.fill(off, 0.5);
		assertThat(TestFunctions.ACKLEY10.valueAt(off)).isGreaterThan(1);
		assertThat(TestFunctions.LEVY10.valueAt(off)).isGreaterThan(0.01);
		assertThat(TestFunctions.ROSENBROCK10.valueAt(off)).isGreaterThan(1);
	}

	@Test
	void unitBoxMapsOntoTheDomainAndBack() {
		double[] x = { Math.PI, 2.275 };
		double[] u = TestFunctions.BRANIN.toUnit(x);
		for (double v : u) {
			assertThat(v).isBetween(-1.0, 1.0);
		}
		assertThat(TestFunctions.BRANIN.valueAtUnit(u)).isCloseTo(0.397887, within(1e-5));
		assertThat(TestFunctions.BRANIN.fromUnit(new double[] { -1, 1 })).containsExactly(-5, 15);
	}

}
