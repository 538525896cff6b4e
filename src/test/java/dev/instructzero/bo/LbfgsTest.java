package dev.instructzero.bo;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LbfgsTest {

	@Test
	void minimisesTheRosenbrockValley() {
		Lbfgs.Objective rosenbrock = (x, g) -> {
			double a = 1 - x[0];
			double b = x[1] - x[0] * x[0];
			if (g != null) {
				g[0] = -2 * a - 400 * x[0] * b;
				g[1] = 200 * b;
			}
			return a * a + 100 * b * b;
		};
		Lbfgs.Result result = Lbfgs.minimize(rosenbrock, new double[] { -1.2, 1 }, 500, 1e-10);
		assertThat(result.x()[0]).isCloseTo(1, within(1e-6));
		assertThat(result.x()[1]).isCloseTo(1, within(1e-6));
		assertThat(result.value()).isLessThan(1e-12);
	}

	@Test
	void treatsNonFiniteValuesAsTooFarAndBacksOff() {
		// f = x^2 - log(1 - x): undefined (NaN) for x >= 1, minimum at x = (1 - sqrt(3))
		// / 2 ... solved below
		Lbfgs.Objective barrier = (x, g) -> {
			if (x[0] >= 1) {
				return Double.NaN;
			}
			if (g != null) {
				g[0] = 2 * x[0] + 1 / (1 - x[0]);
			}
			return x[0] * x[0] - Math.log(1 - x[0]);
		};
		Lbfgs.Result result = Lbfgs.minimize(barrier, new double[] { 0.9 }, 100, 1e-10);
		// 2x + 1/(1-x) = 0 <=> 2x^2 - 2x - 1 = 0 <=> x = (1 - sqrt(3)) / 2
		assertThat(result.x()[0]).isCloseTo((1 - Math.sqrt(3)) / 2, within(1e-7));
	}

	@Test
	void hyperparameterFitEndsAtAStationaryPointNoWorseThanItsStart() {
		double[][] z = Matern52KernelTest.randomPoints(30, 3, 71);
		double[] y = new double[30];
		for (int i = 0; i < 30; i++) {
			y[i] = Math.sin(4 * z[i][0]) + 0.1 * z[i][2];
		}
		MarginalLikelihood likelihood = new MarginalLikelihood(z, y, null);
		HyperparameterFit.Fit fit = HyperparameterFit.maximize(likelihood, 3, 200, new SplittableRandom(1));
		double[] centre = { Math.log(Math.sqrt(0.5)), Math.log(Math.sqrt(0.5)), Math.log(Math.sqrt(0.5)), 0,
				0.5 * (Math.log(1e-4) + Math.log(10)), 0 };
		assertThat(fit.objective()).isLessThanOrEqualTo(likelihood.valueAndGradient(centre, null));
		double[] gradient = new double[6];
		likelihood.valueAndGradient(fit.parameters(), gradient);
		// interior optimum (noise may sit at its lower bound 1e-4 for a smooth function)
		for (int k : new int[] { 0, 2, 3, 5 }) {
			assertThat(Math.abs(gradient[k])).as("parameter %d", k).isLessThan(1e-2);
		}
		// the irrelevant-looking dimension 1 gets a longer lengthscale than the sine's
		// dimension 0
		assertThat(fit.parameters()[1]).isGreaterThan(fit.parameters()[0]);
	}

}
