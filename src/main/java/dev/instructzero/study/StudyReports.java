package dev.instructzero.study;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.instructzero.job.JobResponse;
import dev.instructzero.job.JobService;
import dev.instructzero.job.JobStatus;
import dev.instructzero.trial.BestInstructionResponse;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialRepository;
import dev.instructzero.trial.TrialService;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Computes a study's report from its jobs and their trials. */
@Component
class StudyReports {

	static final String BEST_DEV_SCORE = "bestDevScore";

	static final String TEST_SCORE = "testScore";

	private final StudyService studies;

	private final JobService jobs;

	private final TrialRepository trials;

	private final TrialService trialService;

	private final JsonMapper json;

	StudyReports(StudyService studies, JobService jobs, TrialRepository trials, TrialService trialService,
			JsonMapper json) {
		this.studies = studies;
		this.jobs = jobs;
		this.trials = trials;
		this.trialService = trialService;
		this.json = json;
	}

	/** What one job contributes: its scores by seed and its curve. */
	private record JobResult(long seed, boolean succeeded, @Nullable Double bestDev, @Nullable Double test,
			double[] curve, long paidCalls, BigDecimal costUsd) {
	}

	/**
	 * @throws dev.instructzero.web.NotFoundException if there is no such study, or it is
	 * another client's
	 */
	@Transactional(readOnly = true)
	StudyReport report(UUID studyId) {
		StudyService.StudyData data = this.studies.data(studyId);
		List<StudyReport.ArmReport> arms = new ArrayList<>();
		List<Map<Long, JobResult>> resultsByArm = new ArrayList<>();
		boolean running = false;
		for (List<StudyRepository.StudyJobRow> armJobs : data.arms()) {
			Map<Long, JobResult> results = new HashMap<>();
			List<JobResult> ordered = new ArrayList<>();
			for (StudyRepository.StudyJobRow row : armJobs) {
				JobResponse job = this.jobs.get(row.jobId());
				running |= !job.status().isFinished();
				JobResult result = result(row.seed(), job);
				results.put(row.seed(), result);
				ordered.add(result);
			}
			resultsByArm.add(results);
			StudyRepository.StudyJobRow first = armJobs.get(0);
			arms.add(arm(first, first.arm() == data.study().baseline(), ordered));
		}
		String baselineName = arms.stream()
			.filter(StudyReport.ArmReport::baseline)
			.map(StudyReport.ArmReport::name)
			.findFirst()
			.orElse(null);
		List<StudyReport.Comparison> comparisons = new ArrayList<>();
		int baselineArm = -1;
		for (int a = 0; a < arms.size(); a++) {
			if (arms.get(a).baseline()) {
				baselineArm = a;
			}
		}
		if (baselineArm >= 0) {
			for (int a = 0; a < arms.size(); a++) {
				if (a == baselineArm) {
					continue;
				}
				for (String metric : List.of(BEST_DEV_SCORE, TEST_SCORE)) {
					comparisons.add(compare(arms.get(a).name(), baselineName, metric, resultsByArm.get(a),
							resultsByArm.get(baselineArm), data.study().seeds()));
				}
			}
		}
		return new StudyReport(studyId, running ? StudyResponse.RUNNING : StudyResponse.FINISHED, baselineName,
				data.study().seeds(), arms, comparisons);
	}

	private JobResult result(long seed, JobResponse job) {
		boolean succeeded = job.status() == JobStatus.SUCCEEDED;
		Double bestDev = null;
		Double test = null;
		double[] curve = new double[0];
		if (succeeded) {
			List<Trial> trials = this.trials.findByJobIdOrderByOrdinalAsc(job.id());
			curve = new double[trials.size()];
			double best = 0;
			boolean any = false;
			for (int i = 0; i < trials.size(); i++) {
				Trial trial = trials.get(i);
				if (!trial.generationFailed()) {
					best = any ? Math.max(best, trial.devScore()) : trial.devScore();
					any = true;
				}
				curve[i] = best;
			}
			bestDev = any ? best : null;
			test = this.trialService.best(job.id(), job.strategy().wireName())
				.map(BestInstructionResponse::testScore)
				.orElse(null);
		}
		return new JobResult(seed, succeeded, bestDev, test, curve, job.progress().paidCalls(),
				job.progress().costUsd());
	}

	private StudyReport.ArmReport arm(StudyRepository.StudyJobRow first, boolean baseline, List<JobResult> results) {
		List<JobResult> succeeded = results.stream().filter(JobResult::succeeded).toList();
		double[] devs = succeeded.stream().filter((r) -> r.bestDev() != null).mapToDouble(JobResult::bestDev).toArray();
		double[] tests = succeeded.stream().filter((r) -> r.test() != null).mapToDouble(JobResult::test).toArray();
		long calls = results.stream().mapToLong(JobResult::paidCalls).sum();
		BigDecimal cost = results.stream()
			.map(JobResult::costUsd)
			.filter(java.util.Objects::nonNull)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		double[] callsPerJob = results.stream().mapToDouble(JobResult::paidCalls).toArray();
		return new StudyReport.ArmReport(first.arm(), first.armName(), this.json.readTree(first.overrides()), baseline,
				results.size(), succeeded.size(), MeanEstimate.of(devs), MeanEstimate.of(tests), calls, cost,
				MeanEstimate.of(callsPerJob), curve(succeeded));
	}

	/**
	 * The mean of the jobs' best-so-far curves at each trial index; a job shorter than
	 * the longest keeps its final value.
	 */
	static List<StudyReport.CurvePoint> curve(List<JobResult> results) {
		List<double[]> curves = results.stream().map(JobResult::curve).filter((c) -> c.length > 0).toList();
		int length = curves.stream().mapToInt((c) -> c.length).max().orElse(0);
		List<StudyReport.CurvePoint> points = new ArrayList<>(length);
		for (int i = 0; i < length; i++) {
			double[] values = new double[curves.size()];
			for (int j = 0; j < curves.size(); j++) {
				double[] c = curves.get(j);
				values[j] = c[Math.min(i, c.length - 1)];
			}
			MeanEstimate estimate = MeanEstimate.of(values);
			points
				.add(new StudyReport.CurvePoint(i + 1, estimate.n(), estimate.mean(), estimate.low(), estimate.high()));
		}
		return points;
	}

	private static StudyReport.Comparison compare(String arm, @Nullable String baseline, String metric,
			Map<Long, JobResult> armResults, Map<Long, JobResult> baselineResults, List<Long> seeds) {
		List<double[]> pairs = new ArrayList<>();
		for (long seed : seeds) {
			Double x = value(armResults.get(seed), metric);
			Double y = value(baselineResults.get(seed), metric);
			if (x != null && y != null) {
				pairs.add(new double[] { x, y });
			}
		}
		if (pairs.isEmpty()) {
			return new StudyReport.Comparison(arm, baseline, metric, 0, 0, null, null, null, null, null, null);
		}
		double[] x = pairs.stream().mapToDouble((p) -> p[0]).toArray();
		double[] y = pairs.stream().mapToDouble((p) -> p[1]).toArray();
		WilcoxonSignedRank.Result test = WilcoxonSignedRank.test(x, y);
		return new StudyReport.Comparison(arm, baseline, metric, test.pairs(), test.nonZero(), test.wPlus(),
				test.wMinus(), test.statistic(), test.pValue(), test.meanDifference(), test.medianDifference());
	}

	private static @Nullable Double value(@Nullable JobResult result, String metric) {
		if (result == null || !result.succeeded()) {
			return null;
		}
		return metric.equals(BEST_DEV_SCORE) ? result.bestDev() : result.test();
	}

	/** The report's arms as CSV (RFC 4180), one row per arm, comparisons on the row. */
	static String armsCsv(StudyReport report) {
		List<String> keys = new ArrayList<>();
		report.arms().forEach((arm) -> arm.settings().propertyNames().forEach((k) -> {
			if (!keys.contains(k)) {
				keys.add(k);
			}
		}));
		List<String> header = new ArrayList<>(List.of("arm", "baseline"));
		header.addAll(keys);
		header.addAll(List.of("jobs", "succeeded", "best_dev_n", "best_dev_mean", "best_dev_low", "best_dev_high",
				"test_n", "test_mean", "test_low", "test_high", "paid_calls", "cost_usd", "dev_pairs", "dev_statistic",
				"dev_p_value", "dev_mean_difference", "test_pairs", "test_statistic", "test_p_value",
				"test_mean_difference"));
		StringBuilder csv = new StringBuilder();
		line(csv, header);
		for (StudyReport.ArmReport arm : report.arms()) {
			List<Object> row = new ArrayList<>(List.of(arm.name(), arm.baseline()));
			for (String key : keys) {
				row.add(arm.settings().has(key) ? (arm.settings().get(key).isString()
						? arm.settings().get(key).asString() : arm.settings().get(key).toString()) : null);
			}
			row.addAll(Arrays.asList(arm.jobs(), arm.succeeded()));
			for (MeanEstimate e : List.of(arm.bestDevScore(), arm.testScore())) {
				row.addAll(Arrays.asList(e.n(), e.mean(), e.low(), e.high()));
			}
			row.add(arm.paidCalls());
			row.add(arm.costUsd().toPlainString());
			for (String metric : List.of(BEST_DEV_SCORE, TEST_SCORE)) {
				StudyReport.Comparison c = report.comparisons()
					.stream()
					.filter((x) -> x.arm().equals(arm.name()) && x.metric().equals(metric))
					.findFirst()
					.orElse(null);
				row.addAll((c != null) ? Arrays.asList(c.pairs(), c.statistic(), c.pValue(), c.meanDifference())
						: Arrays.asList(null, null, null, null));
			}
			line(csv, row);
		}
		return csv.toString();
	}

	/** The convergence curves as CSV, one row per arm and trial index. */
	static String convergenceCsv(StudyReport report) {
		StringBuilder csv = new StringBuilder();
		line(csv, List.of("arm", "trial", "n", "mean", "low", "high"));
		for (StudyReport.ArmReport arm : report.arms()) {
			for (StudyReport.CurvePoint p : arm.convergence()) {
				line(csv, Arrays.asList(arm.name(), p.trial(), p.n(), p.mean(), p.low(), p.high()));
			}
		}
		return csv.toString();
	}

	private static void line(StringBuilder csv, List<?> values) {
		for (int i = 0; i < values.size(); i++) {
			csv.append((i > 0) ? "," : "").append(field(values.get(i)));
		}
		csv.append("\r\n");
	}

	// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled
	private static String field(Object value) {
		if (value == null) {
			return "";
		}
		String text = (value instanceof Double d) ? String.format(Locale.ROOT, "%s", d) : value.toString();
		if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
			return "\"" + text.replace("\"", "\"\"") + "\"";
		}
		return text;
	}

}
