package dev.instructzero.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import dev.instructzero.task.LabeledExample;

/**
 * A simulated task for benchmarking the search: soft prompts in [-1, 1]^10 fall into
 * regions (nearest of {@link #REGIONS} random centres); each region is one instruction in
 * {@link #WORDINGS} wordings, chosen by which side of two region-specific hyperplanes
 * through the centre z lies on, so nearby soft prompts usually give the same text. A
 * region's true accuracy follows a smooth bump around a random point of the box (similar
 * soft prompts, similar instructions) plus a region's own noise; a wording adds its own
 * small noise. The black box answers an example correctly iff a hash of (instruction,
 * example, world) falls below the instruction's true accuracy.
 * <p>
 * Fixed before any method was run on it; nothing here is tuned to a strategy.
 */
final class SimulatedTaskWorld {

	static final int DIMENSION = 10;

	static final int REGIONS = 300;

	static final int WORDINGS = 4;

	private final long seed;

	private final double[][] centres = new double[REGIONS][];

	private final double[][][] planes = new double[REGIONS][2][];

	private final double[] regionAccuracy = new double[REGIONS];

	private final Map<String, Double> accuracy = new ConcurrentHashMap<>();

	private final List<LabeledExample> dev = new ArrayList<>();

	SimulatedTaskWorld(long seed) {
		this.seed = seed;
		SplittableRandom random = new SplittableRandom(seed * 1_000_003L + 17);
		double[] peak = uniform(random);
		for (int r = 0; r < REGIONS; r++) {
			this.centres[r] = uniform(random);
			for (int p = 0; p < 2; p++) {
				double[] normal = new double[DIMENSION];
				for (int i = 0; i < DIMENSION; i++) {
					normal[i] = random.nextGaussian();
				}
				this.planes[r][p] = normal;
			}
			double squared = 0;
			for (int i = 0; i < DIMENSION; i++) {
				squared += (this.centres[r][i] - peak[i]) * (this.centres[r][i] - peak[i]);
			}
			double smooth = 0.15 + 0.7 * Math.exp(-squared / (2 * 1.0 * 1.0));
			this.regionAccuracy[r] = Math.max(0.02, Math.min(0.95, smooth + 0.08 * random.nextGaussian()));
		}
		for (int r = 0; r < REGIONS; r++) {
			for (int w = 0; w < WORDINGS; w++) {
				double wordingNoise = 0.03 * (2 * new SplittableRandom(seed * 31 + r * 7L + w).nextDouble() - 1);
				this.accuracy.put(text(r, w), Math.max(0.0, Math.min(1.0, this.regionAccuracy[r] + wordingNoise)));
			}
		}
		for (int i = 0; i < 20; i++) {
			this.dev.add(LabeledExample.of("question " + i, "answer " + i));
		}
	}

	private static double[] uniform(SplittableRandom random) {
		double[] z = new double[DIMENSION];
		for (int i = 0; i < DIMENSION; i++) {
			z[i] = random.nextDouble(-1, 1);
		}
		return z;
	}

	private static String text(int region, int wording) {
		return "Follow rule " + region + " (wording " + wording + ")";
	}

	int region(double[] z) {
		int best = 0;
		double bestDistance = Double.POSITIVE_INFINITY;
		for (int r = 0; r < REGIONS; r++) {
			double s = 0;
			for (int i = 0; i < DIMENSION; i++) {
				s += (z[i] - this.centres[r][i]) * (z[i] - this.centres[r][i]);
			}
			if (s < bestDistance) {
				bestDistance = s;
				best = r;
			}
		}
		return best;
	}

	/** The generator: soft prompt → instruction. */
	String instruction(double[] z) {
		int r = region(z);
		int wording = 0;
		for (int p = 0; p < 2; p++) {
			double side = 0;
			for (int i = 0; i < DIMENSION; i++) {
				side += (z[i] - this.centres[r][i]) * this.planes[r][p][i];
			}
			wording += (side > 0) ? (1 << p) : 0;
		}
		return text(r, wording);
	}

	/** The black box: the expected output iff the hash falls below the true accuracy. */
	String answer(String instruction, String input) {
		double truth = trueAccuracy(instruction);
		long h = (instruction.hashCode() * 0x9E3779B97F4A7C15L) ^ (input.hashCode() * 0xC2B2AE3D27D4EB4FL) ^ this.seed;
		double u = new SplittableRandom(h).nextDouble();
		return (u < truth) ? input.replace("question", "answer") : "something else";
	}

	double trueAccuracy(String instruction) {
		Double a = this.accuracy.get(instruction);
		return (a != null) ? a : 0;
	}

	/** The best true accuracy of any instruction of the world. */
	double bestPossible() {
		return this.accuracy.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
	}

	/**
	 * Share of [-1, 1]^10 whose instructions reach at least {@code level}, by sampling.
	 */
	double shareAtLeast(double level, int samples) {
		SplittableRandom random = new SplittableRandom(this.seed + 5);
		int hits = 0;
		for (int s = 0; s < samples; s++) {
			hits += (trueAccuracy(instruction(uniform(random))) >= level) ? 1 : 0;
		}
		return hits / (double) samples;
	}

	List<LabeledExample> devSubset() {
		return this.dev;
	}

}
