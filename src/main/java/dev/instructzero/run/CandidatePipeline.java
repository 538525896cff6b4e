package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.instructzero.evaluator.BudgetExhaustedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One candidate from point to persisted trial: {@link Generation}, then
 * {@link ScoredInstructions} (a duplicate pays no black-box call), {@link DevScorer}
 * (racing), {@link TrialWriter}. A budget met on the way stops the run; a cancellation
 * seen before the generation too; any other failure propagates.
 */
final class CandidatePipeline {

	private static final Logger log = LoggerFactory.getLogger(CandidatePipeline.class);

	private final UUID jobId;

	private final JobProgress progress;

	private final RunState state;

	private final Generation generation;

	private final ScoredInstructions instructions;

	private final DevScorer scorer;

	private final TrialWriter writer;

	private final RunMetrics metrics;

	CandidatePipeline(UUID jobId, JobProgress progress, RunState state, Generation generation,
			ScoredInstructions instructions, DevScorer scorer, TrialWriter writer, RunMetrics metrics) {
		this.jobId = jobId;
		this.progress = progress;
		this.state = state;
		this.generation = generation;
		this.instructions = instructions;
		this.scorer = scorer;
		this.writer = writer;
		this.metrics = metrics;
	}

	/**
	 * Runs candidate {@code ordinal} of {@code batch} at point {@code z}.
	 * @param halt set when another candidate of the batch failed: skip the rest
	 * @param incumbent what a racing instruction must be able to beat
	 */
	void run(Batch batch, int ordinal, double @Nullable [] z, AtomicBoolean halt, double incumbent) {
		if (halt.get() || this.state.stopped() != null) {
			return;
		}
		if (this.progress.cancelRequested()) {
			this.state.stop(StopReason.CANCELLED);
			return;
		}
		Generation.Generated generated;
		try {
			generated = this.generation.generate(ordinal, z);
		}
		catch (RuntimeException ex) {
			// a paid generation (APE) may meet the budget too
			if (Budgets.cause(ex) == null) {
				throw ex;
			}
			this.state.stop(StopReason.BUDGET);
			return;
		}
		if (this.state.stopped() != null || halt.get()) {
			return;
		}
		if (generated.instruction().isEmpty()) {
			this.writer.failedGeneration(batch, ordinal, z, generated);
			return;
		}
		long evaluationStarted = System.nanoTime();
		Optional<ScoredInstructions.Outcome> outcome;
		try {
			outcome = this.instructions.scoreOnce(generated.instruction(),
					() -> this.scorer.score(generated.instruction(), incumbent));
		}
		catch (RuntimeException ex) {
			BudgetExhaustedException budget = Budgets.cause(ex);
			if (budget == null) {
				throw ex;
			}
			this.state.stop(StopReason.BUDGET);
			log.info("Job {} reached its budget ({}) at trial {}", this.jobId, budget.limit(), ordinal);
			return;
		}
		if (outcome.isEmpty()) {
			return;
		}
		long evaluationNanos = System.nanoTime() - evaluationStarted;
		this.metrics.recordEvaluation(evaluationNanos);
		this.writer.scored(batch, ordinal, z, generated, outcome.get(), evaluationNanos);
	}

}
