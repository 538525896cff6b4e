package dev.instructzero.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.instructzero.evaluator.BudgetExhaustedException;
import dev.instructzero.evaluator.Evaluation;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.ScoreInterval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a job's search, before its test run: the top {@code finalCandidates}
 * distinct instructions by dev score are scored on up to {@code finalExamples} dev-pool
 * examples outside the fixed dev subset, and the best on that wider evaluation becomes
 * the job's final choice.
 *
 * <p>
 * Why: with a 20-example subset scores move in steps of 0.05, and 150 candidates compared
 * on the same 20 examples tie at the top and reward luck (the winner's curse); more
 * examples for the few leaders separate them at a small cost (5 × 40 calls by default).
 *
 * <p>
 * Candidates are scored one after the other in dev-rank order and each is persisted as
 * soon as it is scored, so a resumed job scores only the rest (a candidate cut short by a
 * crash finds its paid answers in the call cache). A budget stop ends the selection among
 * the candidates scored so far, all on the same examples; when none was scored the best
 * stays the dev-score leader.
 */
final class FinalSelection {

	private static final Logger log = LoggerFactory.getLogger(FinalSelection.class);

	/**
	 * The final choice: highest wider score; on ties the shorter instruction (the same
	 * accuracy in fewer words is the better instruction), then the better dev rank.
	 */
	static final Comparator<Scored> FINAL_CHOICE = Comparator.comparingDouble(Scored::widerScore)
		.reversed()
		.thenComparingInt((Scored s) -> s.instruction().codePointCount(0, s.instruction().length()))
		.thenComparingInt(Scored::devRank);

	private final RunSetup setup;

	private final RunServices services;

	private final JobProgress progress;

	private final TrialStore trials;

	private final SelectionStore selection;

	private final JobUsage usage;

	FinalSelection(RunSetup setup, RunServices services, JobProgress progress, TrialStore trials,
			SelectionStore selection, JobUsage usage) {
		this.setup = setup;
		this.services = services;
		this.progress = progress;
		this.trials = trials;
		this.selection = selection;
		this.usage = usage;
	}

	/**
	 * Scores the candidates not yet scored and records the final choice.
	 * @param iteration the iteration to report with the phase
	 * @return {@link StopReason#BUDGET} or {@link StopReason#CANCELLED} if that stopped
	 * it, empty when it ran to its end (or had nothing to do)
	 */
	Optional<StopReason> run(int iteration) {
		UUID jobId = this.setup.jobId();
		List<TrialResult> candidates = this.trials.topDistinct(this.setup.finalCandidates());
		List<FinalScore> scored = new ArrayList<>(this.selection.scored());
		if (candidates.isEmpty() || scored.stream().anyMatch(FinalScore::chosen)) {
			return Optional.empty();
		}
		Set<Integer> alreadyScored = new HashSet<>();
		scored.forEach((c) -> alreadyScored.add(c.ordinal()));
		this.progress.phase(Phase.FINAL_SELECTION, iteration);
		StopReason stopped = null;
		for (int rank = 1; rank <= candidates.size() && stopped == null; rank++) {
			TrialResult trial = candidates.get(rank - 1);
			if (alreadyScored.contains(trial.ordinal())) {
				continue;
			}
			if (this.progress.cancelRequested()) {
				stopped = StopReason.CANCELLED;
				break;
			}
			try {
				FinalScore candidate = widerEvaluation(trial, rank);
				this.selection.record(candidate, this.usage.totals());
				scored.add(candidate);
			}
			catch (RuntimeException ex) {
				BudgetExhaustedException budget = Budgets.cause(ex);
				if (budget == null) {
					throw ex;
				}
				log.info("Job {} reached its budget ({}) in the final selection after {} of {} candidates", jobId,
						budget.limit(), scored.size(), candidates.size());
				stopped = StopReason.BUDGET;
			}
		}
		if (stopped == StopReason.CANCELLED) {
			return Optional.of(stopped);
		}
		choose(scored, candidates).ifPresent(this.selection::choose);
		return Optional.ofNullable(stopped);
	}

	/**
	 * The candidate's subset scores plus its scores on the extra examples (no call when
	 * there are none).
	 */
	private FinalScore widerEvaluation(TrialResult trial, int devRank) {
		RunTask task = this.setup.task();
		List<LabeledExample> extra = task.finalExamples();
		double[] extraScores = new double[0];
		long tokensIn = 0;
		long tokensOut = 0;
		if (!extra.isEmpty()) {
			Evaluation evaluation = this.services.evaluator()
				.evaluate(task.evaluationOf(trial.instruction(), extra), this.usage);
			extraScores = evaluation.exampleScores();
			tokensIn = evaluation.tokensIn();
			tokensOut = evaluation.tokensOut();
		}
		double[] subset = trial.exampleScores();
		double[] wider = new double[subset.length + extraScores.length];
		System.arraycopy(subset, 0, wider, 0, subset.length);
		System.arraycopy(extraScores, 0, wider, subset.length, extraScores.length);
		double sum = 0;
		for (double score : wider) {
			sum += score;
		}
		return new FinalScore(trial.ordinal(), devRank, extraScores, sum / wider.length, wider.length,
				ScoreInterval.of(task.metric(), wider), tokensIn, tokensOut, this.services.clock().instant(), false);
	}

	/** The ordinal of the final choice among the scored candidates. */
	static Optional<Integer> choose(List<FinalScore> scored, List<TrialResult> candidates) {
		List<Scored> comparable = new ArrayList<>();
		for (FinalScore candidate : scored) {
			candidates.stream()
				.filter((t) -> t.ordinal() == candidate.ordinal())
				.findFirst()
				.ifPresent((t) -> comparable
					.add(new Scored(t.ordinal(), candidate.devRank(), t.instruction(), candidate.widerScore())));
		}
		return comparable.stream().min(FINAL_CHOICE).map(Scored::ordinal);
	}

	/** What the final choice compares of one candidate. */
	record Scored(int ordinal, int devRank, String instruction, double widerScore) {
	}

}
