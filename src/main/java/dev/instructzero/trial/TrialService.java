package dev.instructzero.trial;

import java.util.List;
import java.util.UUID;

import dev.instructzero.web.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads single trials for other packages (event streams). */
@Service
public class TrialService {

	private final TrialRepository trials;

	TrialService(TrialRepository trials) {
		this.trials = trials;
	}

	/**
	 * @throws NotFoundException if the job has no trial with that ordinal
	 */
	@Transactional(readOnly = true)
	public TrialResponse trial(UUID jobId, int ordinal) {
		return this.trials.findByJobIdAndOrdinal(jobId, ordinal)
			.map(TrialResponse::of)
			.orElseThrow(() -> new NotFoundException("Job " + jobId + " has no trial " + ordinal + "."));
	}

	/**
	 * The job's trials with an ordinal above {@code ordinal}, in ordinal order (event
	 * replay).
	 */
	@Transactional(readOnly = true)
	public List<TrialResponse> trialsAfter(UUID jobId, int ordinal) {
		return this.trials.findByJobIdOrderByOrdinalAsc(jobId)
			.stream()
			.filter((trial) -> trial.ordinal() > ordinal)
			.map(TrialResponse::of)
			.toList();
	}

}
