package dev.instructzero.job;

import java.util.UUID;

import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.trial.Trial;
import dev.instructzero.trial.TrialRepository;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Persists one scored trial and the job's counters in one transaction. */
@Component
class TrialRecorder {

	private final TrialRepository trials;

	private final JobRepository jobs;

	TrialRecorder(TrialRepository trials, JobRepository jobs) {
		this.trials = trials;
		this.jobs = jobs;
	}

	@Transactional
	public void record(Trial trial, UsageTotals usage) {
		this.trials.saveAndFlush(trial);
		if (trial.generationFailed()) {
			this.jobs.countFailedGeneration(trial.jobId(), usage.paidCalls(), usage.cacheHits(), usage.tokensIn(),
					usage.tokensOut(), usage.costUsd());
			return;
		}
		this.jobs.countTrial(trial.jobId(), trial.ordinal(), trial.devScore(), usage.paidCalls(), usage.cacheHits(),
				usage.tokensIn(), usage.tokensOut(), usage.costUsd());
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

}
