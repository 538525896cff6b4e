package dev.instructzero.trial;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.instructzero.web.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads trials for other packages (event streams, job progress, the job engine). */
@Service
public class TrialService {

	private final TrialRepository trials;

	private final FinalCandidateRepository finalCandidates;

	TrialService(TrialRepository trials, FinalCandidateRepository finalCandidates) {
		this.trials = trials;
		this.finalCandidates = finalCandidates;
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
	 * The best trial of a job (see {@link TrialRepository#findBest}); empty while the job
	 * has no trial.
	 */
	@Transactional(readOnly = true)
	public Optional<Trial> bestTrial(UUID jobId) {
		return this.trials.findBest(jobId);
	}

	/** Distinct instructions of a job that racing stopped early. */
	@Transactional(readOnly = true)
	public long stoppedEarly(UUID jobId) {
		return this.trials.countStoppedEarly(jobId);
	}

	/** Answer calls that racing saved the job against full evaluation. */
	@Transactional(readOnly = true)
	public long callsSavedByRacing(UUID jobId) {
		return this.trials.countCallsSavedByRacing(jobId);
	}

	/**
	 * The best instruction of a job with its dev, wider and test scores; empty while the
	 * job has no trial.
	 */
	@Transactional(readOnly = true)
	public Optional<BestInstructionResponse> best(UUID jobId, String strategy) {
		return this.trials.findBest(jobId).map((best) -> {
			List<FinalCandidate> candidates = this.finalCandidates.findByJobIdOrderByDevRankAsc(jobId);
			FinalCandidate chosen = candidates.stream()
				.filter((c) -> c.chosen() && c.ordinal() == best.ordinal())
				.findFirst()
				.orElse(null);
			BestInstructionResponse.WiderScore wider = (chosen != null)
					? new BestInstructionResponse.WiderScore(chosen.widerScore(), chosen.widerExamples(),
							BestInstructionResponse.Interval.of(chosen.interval()), candidates.size())
					: null;
			return new BestInstructionResponse(best.instruction(), best.rawReply(), best.ordinal(), best.softPrompt(),
					strategy,
					(chosen != null) ? BestInstructionResponse.FINAL_SELECTION : BestInstructionResponse.DEV_SCORE,
					best.devScore(), best.exampleScores().length, wider, best.testScore());
		});
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
