package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * The synchronous schedule: for each {@link Batch} of the {@link Plan}, skip the
 * candidates already persisted, ask the {@link CandidateSource} for the batch's points
 * (given every trial so far), run the missing candidates in parallel and wait for all of
 * them before the next batch. A resumed run rebuilds the same batches from the persisted
 * trials and runs only the missing ordinals.
 */
final class BatchSchedule implements Schedule {

	private final UUID jobId;

	private final Plan plan;

	private final CandidateSource source;

	private final JobProgress progress;

	private final CandidatePipeline pipeline;

	BatchSchedule(UUID jobId, Plan plan, CandidateSource source, JobProgress progress, CandidatePipeline pipeline) {
		this.jobId = jobId;
		this.plan = plan;
		this.source = source;
		this.progress = progress;
		this.pipeline = pipeline;
	}

	@Override
	public StopReason run(RunState state) {
		int limit = this.plan.trialLimit();
		for (Batch batch = this.plan.first(); batch != null; batch = this.plan.next(batch, state.freshIn(batch))) {
			if (batch.start() >= limit) {
				return StopReason.BUDGET;
			}
			StopReason stopped = runBatch(batch, state);
			if (stopped != null) {
				return stopped;
			}
			if (batch.end() > limit) {
				return StopReason.BUDGET;
			}
		}
		return StopReason.COMPLETED;
	}

	/** Scores the missing trials of one batch; a stop reason if the run must stop. */
	@Nullable StopReason runBatch(Batch batch, RunState state) {
		List<Integer> missing = new ArrayList<>();
		for (int ordinal = batch.start(); ordinal < Math.min(batch.end(), this.plan.trialLimit()); ordinal++) {
			if (!state.isPersisted(ordinal)) {
				missing.add(ordinal);
			}
		}
		if (missing.isEmpty()) {
			return null;
		}
		if (this.progress.cancelRequested()) {
			return StopReason.CANCELLED;
		}
		this.plan.trialsPlanned(batch).ifPresent(this.progress::planned);
		this.progress.phase(this.source.phase(batch), batch.iteration());
		CandidateSource.Proposal proposal = this.source.propose(batch, state);
		if (proposal.converged()) {
			state.stop(StopReason.CONVERGED);
		}
		if (state.stopped() != null) {
			return state.stopped();
		}
		runCandidates(batch, missing, proposal, state.incumbentBefore(batch.start()));
		return state.stopped();
	}

	private void runCandidates(Batch batch, List<Integer> ordinals, CandidateSource.Proposal proposal,
			double incumbent) {
		AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
		AtomicBoolean halt = new AtomicBoolean();
		// the run's observation goes along to the workers, so their spans join the job's
		// trace
		ExecutorService workers = ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(),
				ContextSnapshotFactory.builder().build());
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int ordinal : ordinals) {
				double @Nullable [] z = proposal.point(ordinal - batch.start());
				futures.add(workers.submit(() -> {
					try {
						this.pipeline.run(batch, ordinal, z, halt, incumbent);
					}
					catch (RuntimeException ex) {
						halt.set(true);
						failure.compareAndSet(null, ex);
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		catch (InterruptedException ex) {
			workers.shutdownNow();
			Thread.currentThread().interrupt();
			throw new JobInterruptedException("job " + this.jobId + " interrupted; it will resume", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			workers.shutdown();
		}
		if (failure.get() != null) {
			throw failure.get();
		}
	}

}
