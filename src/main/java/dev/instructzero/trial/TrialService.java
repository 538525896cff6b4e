package dev.instructzero.trial;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.instructzero.evaluator.PricingProperties;
import dev.instructzero.web.NotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads trials for other packages (event streams, job progress, the job engine). */
@Service
public class TrialService {

	private final TrialRepository trials;

	private final FinalCandidateRepository finalCandidates;

	private final PricingProperties pricing;

	TrialService(TrialRepository trials, FinalCandidateRepository finalCandidates, PricingProperties pricing) {
		this.trials = trials;
		this.finalCandidates = finalCandidates;
		this.pricing = pricing;
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
		return this.trials.findBest(jobId).map((best) -> describe(best, strategy, null));
	}

	/**
	 * The shortest distinct instruction whose dev score is within {@code epsilon} of the
	 * job's highest dev score (see {@link CostAccuracyFront#shortestWithin}); empty while
	 * the job has no trial with an instruction.
	 */
	@Transactional(readOnly = true)
	public Optional<BestInstructionResponse> shortestWithin(UUID jobId, String strategy, double epsilon) {
		return CostAccuracyFront.shortestWithin(distinctInstructions(jobId), epsilon)
			.map((trial) -> describe(trial, strategy, epsilon));
	}

	/**
	 * The job's Pareto-optimal instructions by length and dev score, priced at the input
	 * price of {@code model}.
	 */
	@Transactional(readOnly = true)
	public FrontResponse front(UUID jobId, String model) {
		List<Trial> distinct = distinctInstructions(jobId);
		List<Trial> front = CostAccuracyFront.of(distinct);
		java.util.Set<Integer> onFront = new java.util.HashSet<>();
		front.forEach((t) -> onFront.add(t.ordinal()));
		List<FrontResponse.Point> dominated = distinct.stream()
			.filter((t) -> !onFront.contains(t.ordinal()))
			.sorted(java.util.Comparator.comparingInt(Trial::instructionTokens).thenComparingInt(Trial::ordinal))
			.map((t) -> point(t, model))
			.toList();
		BigDecimal price = this.pricing.hasPrice(model)
				? Objects.requireNonNull(this.pricing.pricing().get(model)).inputUsdPerMtok() : null;
		return new FrontResponse(model, price, FrontResponse.TOKEN_ESTIMATE, distinct.size(),
				front.stream().map((t) -> point(t, model)).toList(), dominated);
	}

	private FrontResponse.Point point(Trial trial, String model) {
		BigDecimal perCall = null;
		BigDecimal perThousand = null;
		if (this.pricing.hasPrice(model)) {
			perCall = this.pricing.costUsd(model, trial.instructionTokens(), 0);
			perThousand = this.pricing.costUsd(model, trial.instructionTokens() * 1000L, 0);
		}
		return new FrontResponse.Point(trial.ordinal(), trial.instruction(), trial.instructionTokens(),
				trial.devScore(), trial.testScore(), perCall, perThousand);
	}

	/** One trial per distinct instruction (its first), failed generations excluded. */
	private List<Trial> distinctInstructions(UUID jobId) {
		return this.trials.findTopDistinct(jobId, Integer.MAX_VALUE);
	}

	private BestInstructionResponse describe(Trial best, String strategy, @Nullable Double within) {
		List<FinalCandidate> candidates = this.finalCandidates.findByJobIdOrderByDevRankAsc(best.jobId());
		FinalCandidate chosen = candidates.stream()
			.filter((c) -> c.chosen() && c.ordinal() == best.ordinal())
			.findFirst()
			.orElse(null);
		BestInstructionResponse.WiderScore wider = (chosen != null)
				? new BestInstructionResponse.WiderScore(chosen.widerScore(), chosen.widerExamples(),
						BestInstructionResponse.Interval.of(chosen.interval()), candidates.size())
				: null;
		String selectedBy = (within != null) ? BestInstructionResponse.SHORTEST_WITHIN
				: (chosen != null) ? BestInstructionResponse.FINAL_SELECTION : BestInstructionResponse.DEV_SCORE;
		return new BestInstructionResponse(best.instruction(), best.rawReply(), best.ordinal(), best.softPrompt(),
				strategy, selectedBy, best.devScore(), best.exampleScores().length, wider, best.testScore(),
				best.instructionTokens(), within);
	}

	/**
	 * The ordinals of the job's persisted trials, in no particular order (what an event
	 * stream's client could have seen before it opened).
	 */
	@Transactional(readOnly = true)
	public List<Integer> ordinals(UUID jobId) {
		return this.trials.findOrdinalsByJobId(jobId);
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
