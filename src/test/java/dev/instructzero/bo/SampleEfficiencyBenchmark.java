package dev.instructzero.bo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sample efficiency of the latent-kernel optimiser against uniform random search at equal
 * budget on Branin, Hartmann-6 and Ackley-10 (domains mapped to [-1, 1]^d): 10 seeds, 10
 * initial Sobol points then batches of 5 up to 150 evaluations; median best-so-far
 * regret. Writes docs/bench/sample-efficiency.csv (checkpoints),
 * docs/bench/sample-efficiency-curves.csv (every evaluation) and
 * docs/bench/sample-efficiency.png.
 */
@Tag("bench")
class SampleEfficiencyBenchmark {

	static final int SEEDS = 10;

	static final int BUDGET = 150;

	static final int INITIAL = 10;

	static final int BATCH = Integer.getInteger("bench.batch", 5);

	static final TestFunctions[] FUNCTIONS = { TestFunctions.BRANIN, TestFunctions.HARTMANN6, TestFunctions.ACKLEY10 };

	@Test
	void sampleEfficiency() throws IOException {
		int seeds = Integer.getInteger("bench.seeds", SEEDS);
		List<String> checkpoints = new ArrayList<>();
		checkpoints.add("function,method,evaluations,median_best_regret,min_best_regret,max_best_regret,seeds");
		List<String> curves = new ArrayList<>();
		curves.add("function,method,evaluations,median_best_regret");
		double[][][] medians = new double[FUNCTIONS.length][2][];
		for (int f = 0; f < FUNCTIONS.length; f++) {
			TestFunctions function = FUNCTIONS[f];
			double[][] bo = new double[seeds][];
			double[][] random = new double[seeds][];
			for (int seed = 0; seed < seeds; seed++) {
				long t0 = System.nanoTime();
				bo[seed] = bayesianOptimisation(function, seed);
				random[seed] = randomSearch(function, seed);
				System.out.printf(Locale.ROOT, "%s seed %d: BO regret@150 %.3g, random %.3g (%.1f s)%n", function, seed,
						bo[seed][BUDGET - 1], random[seed][BUDGET - 1], (System.nanoTime() - t0) / 1e9);
			}
			String[] methods = { "bo_latent", "random" };
			double[][][] runs = { bo, random };
			for (int method = 0; method < 2; method++) {
				medians[f][method] = new double[BUDGET];
				for (int e = 0; e < BUDGET; e++) {
					double[] column = new double[seeds];
					for (int s = 0; s < seeds; s++) {
						column[s] = runs[method][s][e];
					}
					Arrays.sort(column);
					medians[f][method][e] = median(column);
					curves.add(String.format(Locale.ROOT, "%s,%s,%d,%.6g", function, methods[method], e + 1,
							medians[f][method][e]));
					if (e + 1 == 25 || e + 1 == 30 || e + 1 == 50 || e + 1 == 100 || e + 1 == 150) {
						String line = String.format(Locale.ROOT, "%s,%s,%d,%.6g,%.6g,%.6g,%d", function,
								methods[method], e + 1, medians[f][method][e], column[0], column[seeds - 1], seeds);
						System.out.println(line);
						checkpoints.add(line);
					}
				}
			}
		}
		Files.createDirectories(Path.of("docs/bench"));
		String name = "docs/bench/sample-efficiency-q" + BATCH;
		Files.write(Path.of(name + ".csv"), checkpoints);
		Files.write(Path.of(name + "-curves.csv"), curves);
		plot(medians, Path.of(name + ".png"));
	}

	private static double median(double[] sorted) {
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
	}

	/** Best-so-far regret after each evaluation. */
	static double[] bayesianOptimisation(TestFunctions function, long seed) {
		int d = function.dimension();
		List<double[]> z = new ArrayList<>(List.of(SobolDesign.points(INITIAL, d, seed)));
		List<Double> scores = new ArrayList<>();
		for (double[] p : z) {
			scores.add(-function.valueAtUnit(p));
		}
		BayesianOptimizer optimizer = new BayesianOptimizer();
		int round = 0;
		while (z.size() < BUDGET) {
			Observations observations = Observations.latent(z.toArray(new double[0][]),
					scores.stream().mapToDouble(Double::doubleValue).toArray());
			int q = Math.min(BATCH, BUDGET - z.size());
			for (double[] p : optimizer.propose(observations, q, seed * 1000 + round).points()) {
				z.add(p);
				scores.add(-function.valueAtUnit(p));
			}
			round++;
		}
		return regretCurve(function, scores);
	}

	static double[] randomSearch(TestFunctions function, long seed) {
		SplittableRandom random = new SplittableRandom(seed + 12345);
		List<Double> scores = new ArrayList<>();
		for (int i = 0; i < BUDGET; i++) {
			double[] p = new double[function.dimension()];
			for (int k = 0; k < p.length; k++) {
				p[k] = random.nextDouble(-1, 1);
			}
			scores.add(-function.valueAtUnit(p));
		}
		return regretCurve(function, scores);
	}

	private static double[] regretCurve(TestFunctions function, List<Double> scores) {
		double[] curve = new double[BUDGET];
		double best = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < BUDGET; i++) {
			best = Math.max(best, scores.get(i));
			curve[i] = -best - function.optimalValue();
		}
		return curve;
	}

	/** Three panels of log10(median regret) against evaluations, plain java.awt. */
	private static void plot(double[][][] medians, Path file) throws IOException {
		System.setProperty("java.awt.headless", "true");
		int panelWidth = 420;
		int height = 360;
		BufferedImage image = new BufferedImage(panelWidth * medians.length, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, image.getWidth(), height);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		Color[] colours = { new Color(0x1f77b4), new Color(0xd62728) };
		String[] labels = { "BO (latent kernel)", "random search" };
		for (int f = 0; f < medians.length; f++) {
			int x0 = f * panelWidth + 55;
			int y0 = 40;
			int w = panelWidth - 75;
			int h = height - 90;
			double lo = Double.POSITIVE_INFINITY;
			double hi = Double.NEGATIVE_INFINITY;
			for (double[] curve : medians[f]) {
				for (double v : curve) {
					double l = Math.log10(Math.max(v, 1e-6));
					lo = Math.min(lo, l);
					hi = Math.max(hi, l);
				}
			}
			lo = Math.floor(lo);
			hi = Math.ceil(hi);
			if (hi <= lo) {
				hi = lo + 1;
			}
			g.setColor(Color.BLACK);
			g.drawRect(x0, y0, w, h);
			g.drawString(FUNCTIONS[f] + ": median best regret (log10), q = " + BATCH, x0 - 30, 20);
			for (double tick = lo; tick <= hi; tick += 1) {
				int y = y0 + h - (int) Math.round((tick - lo) / (hi - lo) * h);
				g.setColor(Color.LIGHT_GRAY);
				g.drawLine(x0, y, x0 + w, y);
				g.setColor(Color.BLACK);
				g.drawString(String.format(Locale.ROOT, "%.0f", tick), x0 - 25, y + 4);
			}
			for (int e : new int[] { 25, 50, 100, 150 }) {
				int x = x0 + (int) Math.round((e - 1) / (double) (BUDGET - 1) * w);
				g.drawString(Integer.toString(e), x - 8, y0 + h + 15);
			}
			g.drawString("evaluations", x0 + w / 2 - 30, y0 + h + 32);
			g.setStroke(new BasicStroke(2f));
			for (int method = 0; method < 2; method++) {
				g.setColor(colours[method]);
				double[] curve = medians[f][method];
				for (int e = 1; e < curve.length; e++) {
					int xa = x0 + (int) Math.round((e - 1) / (double) (BUDGET - 1) * w);
					int xb = x0 + (int) Math.round(e / (double) (BUDGET - 1) * w);
					int ya = y0 + h - (int) Math.round((Math.log10(Math.max(curve[e - 1], 1e-6)) - lo) / (hi - lo) * h);
					int yb = y0 + h - (int) Math.round((Math.log10(Math.max(curve[e], 1e-6)) - lo) / (hi - lo) * h);
					g.drawLine(xa, ya, xb, yb);
				}
				g.drawString(labels[method], x0 + w - 130, y0 + 15 + 15 * method);
			}
			g.setStroke(new BasicStroke(1f));
		}
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

}
