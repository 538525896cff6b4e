package dev.instructzero.job;

import java.util.Optional;
import java.util.UUID;

import dev.instructzero.trial.JobDirectory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Tells the trial API which jobs exist, with their strategy and black-box model. */
@Component
class TrialJobDirectory implements JobDirectory {

	private final JobRepository jobs;

	TrialJobDirectory(JobRepository jobs) {
		this.jobs = jobs;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<Entry> find(UUID jobId) {
		return this.jobs.findById(jobId).map((job) -> new Entry(job.strategy().wireName(), job.blackBoxModel()));
	}

}
