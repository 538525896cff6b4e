package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.List;

import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.trial.TrialOrigin;

/** The last step of a candidate: its trial persisted, counted and added to the run. */
final class TrialWriter {

	private final CandidateSource source;

	private final TrialStore trials;

	private final RunState state;

	private final RunServices services;

	private final JobUsage usage;

	private final UsageReport report;

	private final int devExamples;

	TrialWriter(CandidateSource source, TrialStore trials, RunState state, RunServices services, JobUsage usage,
			UsageReport report, int devExamples) {
		this.source = source;
		this.trials = trials;
		this.state = state;
		this.services = services;
		this.usage = usage;
		this.report = report;
		this.devExamples = devExamples;
	}

	/** A generation without an instruction: nothing to ask the black box, no cost. */
	void failedGeneration(Batch batch, int ordinal, double @Nullable [] z, Generation.Generated generated) {
		TrialResult failed = TrialResult.failedGeneration(ordinal, batch.iteration(), this.source.origin(batch), z,
				generated.rawReply(), this.devExamples, generated.millis(), this.services.clock().instant(),
				this.source.generatorModel());
		this.trials.record(failed, this.usage.totals(), List.of());
		this.state.add(failed);
		this.services.metrics().recordTrial(this.source.strategy(), failed.origin(), false);
	}

	/** A scored (or duplicate) instruction. */
	void scored(Batch batch, int ordinal, double @Nullable [] z, Generation.Generated generated,
			ScoredInstructions.Outcome outcome, long evaluationNanos) {
		DevScorer.Raced raced = outcome.raced();
		DevScorer.Scored scored = raced.scored();
		TrialOrigin origin = this.source.origin(batch);
		TrialResult trial = new TrialResult(ordinal, batch.iteration(), origin, z, generated.instruction(),
				generated.rawReply(), false, scored.score(), scored.exampleScores(), outcome.duplicate(),
				scored.stoppedEarly(), raced.tokensIn(), raced.tokensOut(), generated.millis(),
				evaluationNanos / 1_000_000, this.services.clock().instant(), this.source.generatorModel(), null);
		this.trials.record(trial, this.usage.totals(), raced.answers());
		this.report.reportJudge();
		this.state.add(trial);
		this.services.metrics().recordTrial(this.source.strategy(), origin, outcome.duplicate());
	}

}
