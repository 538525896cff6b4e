package dev.instructzero.job;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.run.FinalScore;
import dev.instructzero.run.SelectionStore;
import dev.instructzero.run.TrialResult;
import dev.instructzero.run.TrialStore;
import dev.instructzero.trial.ExampleAnswer;
import dev.instructzero.trial.FinalCandidate;
import dev.instructzero.trial.FinalCandidateRepository;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialRepository;
import dev.instructzero.trial.TrialService;

/**
 * One job's trials and final selection for its run, in the {@code trial} tables; every
 * change is announced ({@link JobEvents}) for SSE and callbacks.
 */
final class JobTrialStore implements TrialStore, SelectionStore {

	private final UUID jobId;

	private final TrialRecorder recorder;

	private final TrialRepository trials;

	private final TrialService trialService;

	private final FinalCandidateRepository finalCandidates;

	private final JobEvents events;

	JobTrialStore(UUID jobId, TrialRecorder recorder, TrialRepository trials, TrialService trialService,
			FinalCandidateRepository finalCandidates, JobEvents events) {
		this.jobId = jobId;
		this.recorder = recorder;
		this.trials = trials;
		this.trialService = trialService;
		this.finalCandidates = finalCandidates;
		this.events = events;
	}

	/** The trials persisted so far, by ordinal. */
	List<TrialResult> persisted() {
		return this.trials.findByJobIdOrderByOrdinalAsc(this.jobId).stream().map(JobTrialStore::result).toList();
	}

	@Override
	public void record(TrialResult trial, UsageTotals usage, List<ExampleAnswer> devAnswers) {
		this.recorder.record(entity(this.jobId, trial), usage, devAnswers);
		this.events.trialPersisted(this.jobId, trial.ordinal());
	}

	@Override
	public Optional<TrialResult> best() {
		return this.trialService.bestTrial(this.jobId).map(JobTrialStore::result);
	}

	@Override
	public List<TrialResult> topDistinct(int limit) {
		return this.trials.findTopDistinct(this.jobId, limit).stream().map(JobTrialStore::result).toList();
	}

	@Override
	public void recordTestScore(int ordinal, double score, UsageTotals usage, List<ExampleAnswer> testAnswers) {
		this.recorder.recordTestScore(this.jobId, ordinal, score, testAnswers);
		this.recorder.recordUsage(this.jobId, usage);
		this.events.jobChanged(this.jobId);
	}

	@Override
	public List<FinalScore> scored() {
		return this.finalCandidates.findByJobIdOrderByDevRankAsc(this.jobId)
			.stream()
			.map((c) -> new FinalScore(c.ordinal(), c.devRank(), c.extraScores(), c.widerScore(), c.widerExamples(),
					c.interval(), c.tokensIn(), c.tokensOut(), c.createdAt(), c.chosen()))
			.toList();
	}

	@Override
	public void record(FinalScore candidate, UsageTotals usage) {
		this.recorder.recordFinalCandidate(new FinalCandidate(this.jobId, candidate.ordinal(), candidate.devRank(),
				candidate.extraScores(), candidate.widerScore(), candidate.widerExamples(), candidate.interval(),
				candidate.tokensIn(), candidate.tokensOut(), candidate.createdAt()), usage);
		this.events.jobChanged(this.jobId);
	}

	@Override
	public void choose(int ordinal) {
		this.recorder.recordFinalChoice(this.jobId, ordinal);
		this.events.jobChanged(this.jobId);
	}

	/** The run's view of a stored trial. */
	static TrialResult result(Trial trial) {
		return new TrialResult(trial.ordinal(), trial.iteration(), trial.origin(), trial.softPrompt(),
				trial.instruction(), trial.rawReply(), trial.generationFailed(), trial.devScore(),
				trial.exampleScores(), trial.duplicate(), trial.stoppedEarly(), trial.tokensIn(), trial.tokensOut(),
				trial.generationMs(), trial.evaluationMs(), trial.createdAt(), trial.generatorModel(),
				trial.testScore());
	}

	/** The stored trial of a run's result. */
	static Trial entity(UUID jobId, TrialResult result) {
		Trial trial = result.generationFailed()
				? Trial.failedGeneration(jobId, result.ordinal(), result.iteration(), result.origin(),
						result.softPrompt(), result.rawReply(), result.exampleScores().length, result.generationMs(),
						result.createdAt())
				: new Trial(jobId, result.ordinal(), result.iteration(), result.origin(), result.softPrompt(),
						result.instruction(), result.rawReply(), result.devScore(), result.exampleScores(),
						result.duplicate(), result.tokensIn(), result.tokensOut(), result.generationMs(),
						result.evaluationMs(), result.createdAt());
		trial.generatedBy(result.generatorModel());
		if (result.stoppedEarly()) {
			trial.stopEarly();
		}
		if (result.testScore() != null) {
			trial.recordTestScore(result.testScore());
		}
		return trial;
	}

}
