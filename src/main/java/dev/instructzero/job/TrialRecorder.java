package dev.instructzero.job;

import java.util.UUID;

import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.trial.FinalCandidate;
import dev.instructzero.trial.FinalCandidateRepository;
import dev.instructzero.trial.Trial;
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

	TrialRecorder(TrialRepository trials, JobRepository jobs, FinalCandidateRepository finalCandidates) {
		this.trials = trials;
		this.jobs = jobs;
		this.finalCandidates = finalCandidates;
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
