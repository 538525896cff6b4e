package dev.instructzero.bo;

import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogExpectedImprovementTest {

	/** Plain EI factor h(z) = phi(z) + z Phi(z), fine where it does not underflow. */
	private static double plainH(double z) {
		return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) + z * 0.5 * Erf.erfc(-z / Math.sqrt(2));
	}

	/**
	 * Mills-ratio series with five terms: an independent truth far below the incumbent.
	 */
	private static double asymptoticLogH(double z) {
		double u = 1 / (z * z);
		return -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) + Math.log(u)
				+ Math.log(1 - 3 * u + 15 * u * u - 105 * u * u * u + 945 * u * u * u * u);
	}

	@Test
	void equalsLogOfExpectedImprovementWhereThatIsRepresentable() {
		for (double z = -6; z <= 6; z += 0.125) {
			assertThat(LogExpectedImprovement.logH(z)).as("z = %s", z).isCloseTo(Math.log(plainH(z)), within(1e-6));
		}
		// h(0) = phi(0)
		assertThat(LogExpectedImprovement.logH(0)).isCloseTo(-0.5 * Math.log(2 * Math.PI), within(1e-15));
	}

	@Test
	void staysFiniteAndAccurateFarBelowTheIncumbentWherePlainEiUnderflows() {
		assertThat(plainH(-40)).isZero();
		for (double z : new double[] { -40, -60, -200, -999, -1001, -1e4, -1e6 }) {
			double value = LogExpectedImprovement.logH(z);
			assertThat(value).isFinite();
			assertThat(value).as("z = %s", z).isCloseTo(asymptoticLogH(z), within(1e-11 * Math.abs(value)));
		}
		assertThat(LogExpectedImprovement.logH(-1e150)).isFinite();
	}

	@Test
	void isStrictlyIncreasingAcrossAllBranches() {
		double previous = LogExpectedImprovement.logH(-1e5);
		for (double z = -1e5 + 7.3; z < 20; z += (z < -1100) ? 97.1 : 0.0137) {
			double value = LogExpectedImprovement.logH(z);
			assertThat(value).as("z = %s", z).isGreaterThan(previous);
			previous = value;
		}
	}

	@Test
	void branchesMeetContinuously() {
		for (double edge : new double[] { -1, -1e3 }) {
			double left = LogExpectedImprovement.logH(Math.nextDown(edge));
			double right = LogExpectedImprovement.logH(Math.nextUp(edge));
			assertThat(left).isCloseTo(right, within(1e-9 * (1 + Math.abs(left))));
		}
	}

	@Test
	void scaledComplementaryErrorFunctionAgreesAcrossItsTwoBranches() {
		for (double x = 4.5; x <= 6; x += 0.25) {
			double direct = Math.exp(x * x) * Erf.erfc(x);
			double continuedFraction = LogExpectedImprovement.erfcx(Math.max(x, 5));
			if (x >= 5) {
				assertThat(continuedFraction).isCloseTo(direct, within(1e-13 * direct));
			}
		}
		// erfcx(x) ~ 1 / (x sqrt(pi)) for large x
		assertThat(LogExpectedImprovement.erfcx(1e6) * 1e6 * Math.sqrt(Math.PI)).isCloseTo(1, within(1e-12));
	}

	@Test
	void expectedImprovementScalesWithTheStandardDeviation() {
		double[] value = LogExpectedImprovement.of(new double[] { 1.0 }, new double[] { 4.0 }, 0.5);
		// EI = sigma h((mean - best) / sigma) with sigma = 2
		assertThat(value[0]).isCloseTo(Math.log(2 * plainH(0.25)), within(1e-12));
	}

}
