package dev.instructzero.job;

import java.util.List;
import java.util.UUID;

import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.trial.FinalCandidate;
import dev.instructzero.trial.FinalCandidateRepository;
import dev.instructzero.trial.ExampleAnswer;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialAnswerRepository;
import dev.instructzero.trial.TrialRepository;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Persists one scored trial (or final-selection candidate) and the job's counters in one
 * transaction.
 */
@Component
class TrialRecorder {

	private final TrialRepository trials;

	private final JobRepository jobs;

	private final FinalCandidateRepository finalCandidates;

	private final TrialAnswerRepository answers;

	TrialRecorder(TrialRepository trials, JobRepository jobs, FinalCandidateRepository finalCandidates,
			TrialAnswerRepository answers) {
		this.trials = trials;
		this.jobs = jobs;
		this.finalCandidates = finalCandidates;
		this.answers = answers;
	}

	/** Persists a trial with the answers its dev score came from, in one transaction. */
	@Transactional
	public void record(Trial trial, UsageTotals usage, List<ExampleAnswer> devAnswers) {
		record(trial, usage);
		this.answers.insert(trial.jobId(), trial.ordinal(), TrialAnswerRepository.DEV, devAnswers);
	}

	/** Stores the best trial's test score with the answers it came from. */
	@Transactional
	public void recordTestScore(UUID jobId, int ordinal, double testScore, List<ExampleAnswer> testAnswers) {
		recordTestScore(jobId, ordinal, testScore);
		this.answers.insert(jobId, ordinal, TrialAnswerRepository.TEST, testAnswers);
	}

	@Transactional
	public void record(Trial trial, UsageTotals usage) {
		this.trials.saveAndFlush(trial);
		this.jobs.countTrial(trial.jobId(), usage.paidCalls(), usage.cacheHits(), usage.tokensIn(), usage.tokensOut(),
				usage.costUsd());
	}

	@Transactional
	public void recordUsage(UUID jobId, UsageTotals usage) {
		this.jobs.updateUsage(jobId, usage.paidCalls(), usage.cacheHits(), usage.tokensIn(), usage.tokensOut(),
				usage.costUsd());
	}

	@Transactional
	public void recordTestScore(UUID jobId, int ordinal, double testScore) {
		this.trials.updateTestScore(jobId, ordinal, testScore);
	}

	@Transactional
	public void recordFinalCandidate(FinalCandidate candidate, UsageTotals usage) {
		this.finalCandidates.saveAndFlush(candidate);
		recordUsage(candidate.jobId(), usage);
	}

	@Transactional
	public void recordFinalChoice(UUID jobId, int ordinal) {
		this.finalCandidates.markChosen(jobId, ordinal);
	}

}
