package dev.instructzero.run;

import dev.instructzero.evaluator.JobUsage;

/** Reports the run's usage to its job: totals, and the judge's share for judged tasks. */
final class UsageReport {

	private final JobProgress progress;

	private final JobUsage usage;

	private final boolean judged;

	UsageReport(JobProgress progress, JobUsage usage, boolean judged) {
		this.progress = progress;
		this.usage = usage;
		this.judged = judged;
	}

	/** Totals and judge usage. */
	void report() {
		this.progress.usage(this.usage.totals());
		reportJudge();
	}

	/** The judge's share only (the totals went along with a trial). */
	void reportJudge() {
		if (this.judged) {
			this.progress.judgeUsage(this.usage.judgeTotals());
		}
	}

}
