package dev.instructzero.job;

import dev.instructzero.run.Phase;
import java.util.UUID;

import dev.instructzero.evaluator.JudgeTotals;
import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.run.JobProgress;

/**
 * One job's row as its run moves it on; every change is announced ({@link JobEvents}).
 */
final class JobRunProgress implements JobProgress {

	private final UUID jobId;

	private final JobRepository jobs;

	private final TrialRecorder recorder;

	private final JobEvents events;

	JobRunProgress(UUID jobId, JobRepository jobs, TrialRecorder recorder, JobEvents events) {
		this.jobId = jobId;
		this.jobs = jobs;
		this.recorder = recorder;
		this.events = events;
	}

	@Override
	public boolean cancelRequested() {
		return this.jobs.isCancelRequested(this.jobId);
	}

	@Override
	public void phase(Phase phase, int iteration) {
		this.jobs.updatePhase(this.jobId, phase, iteration);
		this.events.jobChanged(this.jobId);
	}

	@Override
	public void planned(int trialsPlanned) {
		this.jobs.updatePlanned(this.jobId, trialsPlanned);
		this.events.jobChanged(this.jobId);
	}

	@Override
	public void usage(UsageTotals usage) {
		this.recorder.recordUsage(this.jobId, usage);
	}

	@Override
	public void judgeUsage(JudgeTotals judge) {
		this.jobs.updateJudgeUsage(this.jobId, judge.calls(), judge.tokensIn(), judge.tokensOut(), judge.costUsd(),
				judge.unparsed());
	}

}
