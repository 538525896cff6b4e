package dev.instructzero.bo;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Where OpenBLAS's dgemm starts to beat the JVM loops: a square product and a Gram matrix
 * per n, median of repeated calls. Sets {@link DenseAlgebra#NATIVE_GEMM_FROM}. Run with
 * {@code ./mvnw -Pbench test -Dtest=LinearAlgebraCrossoverBenchmark}.
 */
@Tag("bench")
class LinearAlgebraCrossoverBenchmark {

	@Test
	void crossover() {
		System.out.println("n,op,jvm_ms,native_ms");
		for (int n : new int[] { 10, 25, 50, 75, 100, 150, 250, 500 }) {
			double[] a = Matern52Kernel.matrix(points(n, 10, n), filled(10, 1.0));
			for (int i = 0; i < n; i++) {
				a[i * n + i] += 0.01;
			}
			report(n, "cholesky", () -> DenseAlgebra.choleskyJvm(a, n), () -> DenseAlgebra.choleskyFactor(a, n));
			double[] factor = DenseAlgebra.choleskyJvm(a, n);
			report(n, "lowerInverse", () -> DenseAlgebra.lowerInverseJvm(factor, n),
					() -> DenseAlgebra.lowerInverse(factor, n));
			report(n, "gram", () -> DenseAlgebra.gramJvm(a, n, n), () -> OpenBlas.gram(a, n, n));
			report(n, "gemm", () -> DenseAlgebra.multiplyJvm(a, n, n, a, n), () -> OpenBlas.multiply(a, n, n, a, n));
		}
	}

	private static void report(int n, String op, Supplier<double[]> jvm, Supplier<double[]> nativeCall) {
		int repeats = Math.max(5, (int) (2e8 / ((double) n * n * n)));
		repeats = Math.min(repeats, 2000);
		System.out.printf(Locale.ROOT, "%d,%s,%.4f,%.4f%n", n, op, time(jvm, repeats), time(nativeCall, repeats));
	}

	private static double time(Supplier<double[]> call, int repeats) {
		for (int i = 0; i < Math.min(repeats, 20); i++) {
			call.get();
		}
		double[] t = new double[repeats];
		for (int i = 0; i < repeats; i++) {
			long t0 = System.nanoTime();
			call.get();
			t[i] = (System.nanoTime() - t0) / 1e6;
		}
		Arrays.sort(t);
		return t[repeats / 2];
	}

	static double[][] points(int n, int d, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double[][] x = new double[n][d];
		for (double[] row : x) {
			for (int k = 0; k < d; k++) {
				row[k] = random.nextDouble(-1, 1);
			}
		}
		return x;
	}

	static double[] filled(int d, double value) {
		double[] v = new double[d];
		Arrays.fill(v, value);
		return v;
	}

}
