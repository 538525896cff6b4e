package dev.instructzero.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

/**
 * The sandbox's deterministic stand-in for the generator g and the black box, with no
 * network and no GPU. A job's seed lays out {@link #REGIONS} regions of the soft-prompt
 * box [-1, 1]^d (nearest of random centres); each region yields one instruction of a
 * fixed pool, in one of its wordings (chosen by the sides of two hyperplanes through the
 * region's centre), so nearby soft prompts usually give the same text. Regions near a
 * random peak get the better instructions, so the landscape has structure for the search
 * to find. The black box answers an example right iff a hash of (instruction, input)
 * falls below the instruction's accuracy.
 * <p>
 * Every method is a pure function of its arguments (and of the seed's layout, cached).
 */
public final class SimulatedWorld {

	/** Regions of the soft-prompt box per job. */
	static final int REGIONS = 96;

	/**
	 * Accuracy of an instruction that is not one of the pool's (e.g. an APE proposal).
	 */
	static final double UNKNOWN_ACCURACY = 0.3;

	/** What a wrong answer says. */
	static final String WRONG_ANSWER = "I am not sure.";

	// accuracy offsets of the second and third wording: paraphrases differ a little
	private static final double[] WORDING_OFFSETS = { 0.0, -0.04, 0.03 };

	// a region's closing remark (by region number), with its own small effect
	private static final String[] REMARKS = { "", " Keep the answer short.", " Look at the examples first." };

	private static final double[] REMARK_OFFSETS = { 0.0, 0.02, -0.03 };

	// worst first; each with three wordings
	private static final List<Intent> INTENTS = List.of(
			new Intent(0.02, "Write a short poem inspired by the input.", "Compose a poem about the input.",
					"Turn the input into a few lines of verse."),
			new Intent(0.05, "Translate the input into French.", "Give the French translation of the input.",
					"Say the input in French."),
			new Intent(0.08, "Repeat the input exactly.", "Copy the input word for word.",
					"Echo the input back unchanged."),
			new Intent(0.12, "Describe the input in general terms.", "Say something about the input.",
					"Comment on the input."),
			new Intent(0.2, "Summarise the input in one sentence.", "Give a one-sentence summary of the input.",
					"Sum up the input briefly."),
			new Intent(0.3, "Answer the question in the input.", "Respond to the input as a question.",
					"Reply to what the input asks."),
			new Intent(0.42, "Give a single word that relates to the input.",
					"Reply with one word linked to the input.", "Name one word associated with the input."),
			new Intent(0.52, "Give a one-word answer for the input.", "Answer the input with exactly one word.",
					"Respond to each input with a single word."),
			new Intent(0.63, "Transform the input the way the examples suggest.",
					"Change the input as shown in the examples.", "Rewrite the input following the examples."),
			new Intent(0.74, "Apply the rule the examples follow to the input.",
					"Use the same rule as the examples on the input.", "Follow the examples' rule for the input."),
			new Intent(0.84, "Give the output that the examples pair with inputs like this one.",
					"Answer each input exactly as the examples answer theirs.",
					"Reply with the output the example pairs would give for the input."),
			new Intent(0.92, "Output only the answer that the examples' pattern gives for the input, nothing else.",
					"Reply with just the answer the examples' pattern yields for the input.",
					"Give only the output that the pattern of the examples maps the input to."));

	private final Map<String, Double> accuracy = new LinkedHashMap<>();

	private final List<String> pool;

	private final Map<Long, Layout> layouts = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, Layout> eldest) {
			return size() > 256;
		}

	});

	public SimulatedWorld() {
		for (Intent intent : INTENTS) {
			for (int w = 0; w < intent.wordings().size(); w++) {
				for (int m = 0; m < REMARKS.length; m++) {
					double a = intent.accuracy() + WORDING_OFFSETS[w] + REMARK_OFFSETS[m];
					this.accuracy.put(intent.wordings().get(w) + REMARKS[m], Math.max(0.0, Math.min(1.0, a)));
				}
			}
		}
		// longest first: the black box finds the longest pool text inside a prompt
		List<String> texts = new ArrayList<>(this.accuracy.keySet());
		texts.sort(Comparator.comparingInt(String::length).reversed());
		this.pool = List.copyOf(texts);
	}

	/**
	 * The instruction the simulated generator writes for z in a job with this seed.
	 * @param seed the job's seed
	 * @param z the soft prompt, any length d ≥ 1 (usually in [-1, 1]^d)
	 * @throws IllegalArgumentException when z is empty
	 */
	public String instruction(long seed, double[] z) {
		if (z.length == 0) {
			throw new IllegalArgumentException("z must not be empty");
		}
		Layout layout = this.layouts.computeIfAbsent(seed * 31 + z.length, (key) -> new Layout(seed, z.length));
		int region = layout.regionOf(z);
		Intent intent = INTENTS.get(layout.intentOf[region]);
		int side = 0;
		for (int p = 0; p < 2; p++) {
			double dot = 0;
			for (int i = 0; i < z.length; i++) {
				dot += (z[i] - layout.centres[region][i]) * layout.planes[region][p][i];
			}
			side += (dot > 0) ? (1 << p) : 0;
		}
		return intent.wordings().get(side % intent.wordings().size()) + REMARKS[region % REMARKS.length];
	}

	/** The true accuracy of one of the pool's instructions; empty for any other text. */
	public OptionalDouble accuracy(String instruction) {
		Double a = this.accuracy.get(instruction);
		return (a != null) ? OptionalDouble.of(a) : OptionalDouble.empty();
	}

	/** The best accuracy any instruction of the pool has. */
	public double bestAccuracy() {
		return this.accuracy.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
	}

	/**
	 * The longest instruction of the pool that occurs in {@code text} (a rendered
	 * prompt), or null.
	 */
	public @Nullable String instructionIn(String text) {
		for (String candidate : this.pool) {
			if (text.contains(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	/** The pool's instruction number {@code index} (modulo the pool's size). */
	String poolInstruction(long index) {
		return this.pool.get((int) Math.floorMod(index, (long) this.pool.size()));
	}

	/**
	 * The black box's answer: the first acceptable output iff a hash of (instruction,
	 * input) falls below the instruction's accuracy, else {@link #WRONG_ANSWER}.
	 * @param instruction the instruction found in the prompt, null if none
	 * @param input what identifies the example (its rendered prompt)
	 * @param reference the example's acceptable outputs; empty or null gives a wrong
	 * answer
	 */
	public String answer(@Nullable String instruction, String input, @Nullable List<String> reference) {
		if (reference == null || reference.isEmpty()) {
			return WRONG_ANSWER;
		}
		double truth = (instruction != null) ? accuracy(instruction).orElse(UNKNOWN_ACCURACY) : UNKNOWN_ACCURACY;
		long h = ((instruction != null) ? instruction.hashCode() : 0) * 0x9E3779B97F4A7C15L
				^ input.hashCode() * 0xC2B2AE3D27D4EB4FL;
		double u = new SplittableRandom(h).nextDouble();
		return (u < truth) ? reference.get(0) : WRONG_ANSWER;
	}

	private record Intent(double accuracy, List<String> wordings) {

		Intent(double accuracy, String... wordings) {
			this(accuracy, List.of(wordings));
		}

	}

	/** One job's regions: centres, wording hyperplanes and each region's intent. */
	private static final class Layout {

		final double[][] centres = new double[REGIONS][];

		final double[][][] planes = new double[REGIONS][2][];

		final int[] intentOf = new int[REGIONS];

		Layout(long seed, int d) {
			SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
			double[] peak = uniform(random, d);
			Integer[] byDistance = new Integer[REGIONS];
			double[] distance = new double[REGIONS];
			for (int r = 0; r < REGIONS; r++) {
				this.centres[r] = uniform(random, d);
				for (int p = 0; p < 2; p++) {
					double[] normal = new double[d];
					for (int i = 0; i < d; i++) {
						normal[i] = random.nextGaussian();
					}
					this.planes[r][p] = normal;
				}
				for (int i = 0; i < d; i++) {
					distance[r] += (this.centres[r][i] - peak[i]) * (this.centres[r][i] - peak[i]);
				}
				byDistance[r] = r;
			}
			// the regions nearest the peak get the best intents, the better the fewer:
			// the
			// k-th best intent has about (2k - 1) / intents² of the regions
			Arrays.sort(byDistance, Comparator.comparingDouble((Integer r) -> distance[r]));
			for (int rank = 0; rank < REGIONS; rank++) {
				int fromTop = (int) (INTENTS.size() * Math.sqrt(rank / (double) REGIONS));
				this.intentOf[byDistance[rank]] = INTENTS.size() - 1 - fromTop;
			}
		}

		int regionOf(double[] z) {
			int best = 0;
			double bestDistance = Double.POSITIVE_INFINITY;
			for (int r = 0; r < REGIONS; r++) {
				double s = 0;
				for (int i = 0; i < z.length; i++) {
					s += (z[i] - this.centres[r][i]) * (z[i] - this.centres[r][i]);
				}
				if (s < bestDistance) {
					bestDistance = s;
					best = r;
				}
			}
			return best;
		}

		private static double[] uniform(SplittableRandom random, int d) {
			double[] z = new double[d];
			for (int i = 0; i < d; i++) {
				z[i] = random.nextDouble(-1, 1);
			}
			return z;
		}

	}

}
