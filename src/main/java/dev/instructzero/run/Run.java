package dev.instructzero.run;

import java.util.List;
import java.util.Optional;

import dev.instructzero.evaluator.BudgetExhaustedException;
import dev.instructzero.evaluator.Evaluation;
import dev.instructzero.evaluator.JobUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one job: the search ({@link #execute()}), the final selection
 * ({@link #selectFinal()}) and the test run ({@link #scoreBestOnTest()}). The search
 * walks the job's {@link Plan} with a {@link Schedule}: ask the plan for the next batch,
 * the {@link CandidateSource} for its points, then generate, deduplicate, score and
 * record each candidate ({@link CandidatePipeline}). The trials already persisted are
 * skipped; everything random derives from the job's seed, so a run that resumes after a
 * crash proposes the same points as one that never stopped.
 */
public final class Run {

	private static final Logger log = LoggerFactory.getLogger(Run.class);

	private final RunSetup setup;

	private final RunServices services;

	private final JobProgress progress;

	private final TrialStore trials;

	private final SelectionStore selection;

	private final JobUsage usage;

	private final RunState state;

	private final UsageReport report;

	private final Schedule schedule;

	/**
	 * @param existing the job's trials persisted by earlier runs (a resume starts here)
	 */
	public Run(RunSetup setup, RunServices services, JobProgress progress, TrialStore trials, SelectionStore selection,
			JobUsage usage, List<TrialResult> existing) {
		this.setup = setup;
		this.services = services;
		this.progress = progress;
		this.trials = trials;
		this.selection = selection;
		this.usage = usage;
		this.state = new RunState(existing);
		this.report = new UsageReport(progress, usage, setup.task().judged());
		CandidatePipeline pipeline = new CandidatePipeline(setup.jobId(), progress, this.state,
				new Generation(setup.jobId(), setup.source(), services), new ScoredInstructions(existing),
				new DevScorer(setup.jobId(), setup.task(), setup.racing(), services, usage),
				new TrialWriter(setup.source(), trials, this.state, services, usage, this.report,
						setup.task().devSubset().size()),
				services.metrics());
		this.schedule = setup.asynchronous()
				? new AsyncSchedule(setup.jobId(), setup.plan(), setup.source(), progress, pipeline)
				: new BatchSchedule(setup.jobId(), setup.plan(), setup.source(), progress, pipeline);
	}

	/**
	 * Runs the plan to its end, or until a budget, a cancellation or convergence stops
	 * it.
	 */
	public StopReason execute() {
		try {
			return this.schedule.run(this.state);
		}
		finally {
			// calls paid by evaluations that a stop cut short belong to the job's totals
			// too
			this.report.report();
		}
	}

	/**
	 * Re-scores the top candidates on more dev examples and records the final choice (see
	 * {@link FinalSelection}); call after {@link #execute()}, before
	 * {@link #scoreBestOnTest()}.
	 * @return {@link StopReason#BUDGET} or {@link StopReason#CANCELLED} if that stopped
	 * it, empty when it ran to its end
	 */
	public Optional<StopReason> selectFinal() {
		try {
			return new FinalSelection(this.setup, this.services, this.progress, this.trials, this.selection, this.usage)
				.run(this.state.lastIteration());
		}
		finally {
			// calls paid by an evaluation that a stop cut short count too
			this.report.report();
		}
	}

	/** The best trial scored on the test examples, once, within the job's budget. */
	public void scoreBestOnTest() {
		RunTask task = this.setup.task();
		if (task.testExamples().isEmpty()) {
			return;
		}
		TrialResult best = this.trials.best().orElse(null);
		if (best == null || best.testScore() != null) {
			return;
		}
		try {
			// the job's progress keeps its last iteration, not the best trial's
			this.progress.phase(Phase.SCORING_TEST, this.state.lastIteration());
			Evaluation evaluation = this.services.evaluator()
				.evaluate(task.evaluationOf(best.instruction(), task.testExamples()), this.usage);
			this.trials.recordTestScore(best.ordinal(), evaluation.score(), this.usage.totals(),
					DevScorer.answersOf(task.testExamples(), evaluation, 0));
			this.report.reportJudge();
		}
		catch (RuntimeException ex) {
			BudgetExhaustedException budget = Budgets.cause(ex);
			if (budget == null) {
				throw ex;
			}
			log.warn("Job {}: budget left no room to score the best instruction on the test examples ({})",
					this.setup.jobId(), budget.limit());
			this.progress.usage(this.usage.totals());
		}
	}

}
