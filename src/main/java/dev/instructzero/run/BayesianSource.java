package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.instructzero.bo.FittedHyperparameters;
import dev.instructzero.bo.KernelChoice;
import dev.instructzero.trial.TrialOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InstructZero: a scrambled Sobol design, then each iteration's batch proposed by the
 * Gaussian process fitted on every trial so far (log EI, Kriging believer), and
 * replacements for the iteration's duplicates conditioned on the trials since.
 */
public final class BayesianSource implements SoftPromptCandidates {

	private static final Logger log = LoggerFactory.getLogger(BayesianSource.class);

	private final UUID jobId;

	private final Settings settings;

	private final SoftPromptSearch search;

	private final SoftPromptWriter writer;

	private final JobProgress progress;

	private final RunServices services;

	/** The async schedule's last fit from scratch, and its iteration. */
	private @Nullable FittedHyperparameters warmStart;

	private int warmIteration = -1;

	public BayesianSource(UUID jobId, Settings settings, SoftPromptSearch search, SoftPromptWriter writer,
			JobProgress progress, RunServices services) {
		this.jobId = jobId;
		this.settings = settings;
		this.search = search;
		this.writer = writer;
		this.progress = progress;
		this.services = services;
	}

	@Override
	public String strategy() {
		return "instructzero";
	}

	@Override
	public boolean replacesDuplicates() {
		return true;
	}

	@Override
	public Phase phase(Batch batch) {
		return (batch.iteration() == 0) ? Phase.INITIAL_DESIGN : Phase.BAYESIAN_OPTIMISATION;
	}

	@Override
	public TrialOrigin origin(Batch batch) {
		return (batch.iteration() == 0) ? TrialOrigin.INITIAL : TrialOrigin.PROPOSAL;
	}

	@Override
	public Proposal propose(Batch batch, RunHistory history) {
		Settings s = this.settings;
		if (batch.iteration() == 0) {
			return new Proposal(this.search.initialDesign(batch.size(), s.dimension(), s.seed()), false);
		}
		this.progress.phase(Phase.FITTING_GP, batch.iteration());
		List<TrialResult> before = history.before(batch.start());
		List<SoftPromptSearch.Observation> observed = new ArrayList<>();
		int firstRound = 0;
		for (TrialResult trial : before) {
			if (trial.softPrompt() != null) {
				observed
					.add(new SoftPromptSearch.Observation(trial.softPrompt(), trial.devScore(), trial.exampleScores()));
				firstRound += (trial.ordinal() < batch.iterationStart()) ? 1 : 0;
			}
		}
		long started = System.nanoTime();
		// round 0 keeps the seed jobs had before replacement rounds existed
		long firstRoundSeed = s.seed() + batch.iteration();
		long seed = firstRoundSeed + 0x9E3779B97F4A7C15L * batch.round();
		List<double[]> points;
		boolean converged = false;
		if (batch.round() == 0) {
			SoftPromptSearch.Proposed proposed = observe(
					() -> this.search.proposeScored(observed, s.kernel(), batch.size(), seed));
			points = proposed.points();
			if (s.untilBudget() && converged(batch, before, proposed.bestLogExpectedImprovement())) {
				log.info("Job {} converged before iteration {} (best log EI {})", this.jobId, batch.iteration(),
						proposed.bestLogExpectedImprovement());
				converged = true;
			}
		}
		else {
			int first = firstRound;
			points = observe(() -> this.search.proposeReplacements(observed, first, firstRoundSeed, s.kernel(),
					batch.size(), seed));
		}
		this.services.metrics().recordProposal(System.nanoTime() - started);
		this.progress.phase(Phase.BAYESIAN_OPTIMISATION, batch.iteration());
		return new Proposal(points, converged);
	}

	/**
	 * The async schedule's proposal: the process fitted on every persisted trial, the
	 * pending soft prompts as Kriging-believer fantasies. The first proposal of an
	 * iteration fits from scratch (and decides convergence as an iteration's first round
	 * does in the batch schedule); the others start L-BFGS from that fit.
	 */
	@Override
	public Proposal proposeAsync(Batch batch, RunHistory history, List<double[]> pending) {
		if (batch.iteration() == 0) {
			return propose(batch, history);
		}
		Settings s = this.settings;
		List<TrialResult> all = history.all();
		List<SoftPromptSearch.Observation> observed = new ArrayList<>();
		for (TrialResult trial : all) {
			if (trial.softPrompt() != null) {
				observed
					.add(new SoftPromptSearch.Observation(trial.softPrompt(), trial.devScore(), trial.exampleScores()));
			}
		}
		boolean cold = this.warmStart == null || batch.iteration() != this.warmIteration;
		FittedHyperparameters from = cold ? null : this.warmStart;
		long seed = s.seed() + 0x9E3779B97F4A7C15L * (batch.start() + 1L);
		long started = System.nanoTime();
		SoftPromptSearch.PendingProposed proposed = observe(
				() -> this.search.proposePending(observed, pending, s.kernel(), batch.size(), seed, from));
		this.services.metrics().recordProposal(System.nanoTime() - started);
		boolean converged = false;
		if (cold) {
			this.warmStart = proposed.fit();
			this.warmIteration = batch.iteration();
			if (s.untilBudget() && converged(batch, all, proposed.bestLogExpectedImprovement())) {
				log.info("Job {} converged before iteration {} (best log EI {})", this.jobId, batch.iteration(),
						proposed.bestLogExpectedImprovement());
				converged = true;
			}
		}
		return new Proposal(proposed.points(), converged);
	}

	private <T> T observe(java.util.function.Supplier<T> step) {
		return this.services.observations().observe(JobObservations.BAYESIAN_STEP, "bayesian step", this.jobId, step);
	}

	/**
	 * A budget-driven search has converged before {@code batch} (an iteration's first
	 * round) when the best fully scored dev score has not improved over the last
	 * {@code patience} iterations and the best log EI of the batch's proposal is below
	 * the threshold. It depends only on the persisted trials and the proposal, so a
	 * resumed run decides as the first one did.
	 */
	private boolean converged(Batch batch, List<TrialResult> before, double bestLogEi) {
		int patience = this.settings.patience();
		if (!(bestLogEi < this.settings.convergenceLogEi()) || batch.iteration() <= patience) {
			return false;
		}
		double earlier = Double.NEGATIVE_INFINITY;
		double since = Double.NEGATIVE_INFINITY;
		for (TrialResult trial : before) {
			if (trial.generationFailed() || trial.stoppedEarly()) {
				continue;
			}
			if (trial.iteration() < batch.iteration() - patience) {
				earlier = Math.max(earlier, trial.devScore());
			}
			else {
				since = Math.max(since, trial.devScore());
			}
		}
		return since <= earlier;
	}

	@Override
	public SoftPromptWriter writer() {
		return this.writer;
	}

	/**
	 * The search's settings.
	 *
	 * @param dimension d of the search space
	 * @param untilBudget whether the run may stop on convergence
	 * @param patience iterations without a better best dev score before the search may
	 * count as converged
	 * @param convergenceLogEi converged also needs the next proposal's best log EI below
	 * this
	 */
	public record Settings(long seed, int dimension, KernelChoice kernel, boolean untilBudget, int patience,
			double convergenceLogEi) {

	}

}
