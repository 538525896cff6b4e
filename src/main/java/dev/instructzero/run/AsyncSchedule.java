package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * The asynchronous schedule ({@code schedule: async}): no barrier between iterations. The
 * initial design runs as one batch ({@link BatchSchedule}); then up to {@code batchSize}
 * candidates are in flight, and whenever one finishes (scored, duplicate or failed
 * generation) the free slots are filled at once with a proposal made on every persisted
 * trial, the candidates still running entering as pending points
 * ({@link CandidateSource#proposeAsync}: Kriging-believer fantasies for InstructZero), so
 * generation and evaluation stay busy. The generation permits and the evaluator's
 * concurrency bound the work underneath, as in the batch schedule.
 * <ul>
 * <li><b>Iterations.</b> A proposal's iteration is 1 + the iterations completed after the
 * design, at most {@code iterations}: iteration k ends, as in the batch schedule, once k
 * × batchSize new instructions are scored or k × generationCap candidates have finished
 * (k × batchSize without replacement), whichever comes first. Trials carry it; the job's
 * progress shows the latest.</li>
 * <li><b>Plan.</b> A fixed plan proposes until iterations × batchSize new instructions
 * are scored or iterations × generationCap generations are spent (the batch schedule's
 * per-iteration caps, pooled over the run); a duplicate frees its slot for another
 * proposal. Without replacement (uniform, APE) it runs exactly iterations × batchSize
 * candidates. A budget-driven plan proposes until the budget, the trial limit or
 * convergence (checked at each iteration's first proposal) stops it.</li>
 * <li><b>Racing</b> compares a candidate with the best fully scored instruction persisted
 * when it was proposed.</li>
 * <li><b>Resume.</b> Ordinals are given in proposal order. A resumed run treats every
 * persisted trial as observed and gives the ordinals that were in flight when it stopped
 * to new proposals; the calls those candidates had paid are in the call cache and the
 * ledger, so nothing is paid twice (but the proposals, which depended on timing, are not
 * the same as an uninterrupted run's).</li>
 * </ul>
 */
final class AsyncSchedule implements Schedule {

	private final UUID jobId;

	private final Plan plan;

	private final CandidateSource source;

	private final JobProgress progress;

	private final CandidatePipeline pipeline;

	private final BatchSchedule design;

	AsyncSchedule(UUID jobId, Plan plan, CandidateSource source, JobProgress progress, CandidatePipeline pipeline) {
		this.jobId = jobId;
		this.plan = plan;
		this.source = source;
		this.progress = progress;
		this.pipeline = pipeline;
		this.design = new BatchSchedule(jobId, plan, source, progress, pipeline);
	}

	@Override
	public StopReason run(RunState state) {
		Batch first = this.plan.first();
		int limit = this.plan.trialLimit();
		if (first.start() >= limit) {
			return StopReason.BUDGET;
		}
		StopReason stopped = this.design.runBatch(first, state);
		if (stopped != null) {
			return stopped;
		}
		if (first.end() > limit) {
			return StopReason.BUDGET;
		}
		if (!this.plan.untilBudget() && this.plan.iterations() == 0) {
			return StopReason.COMPLETED;
		}
		return new Slots(first.end(), state).run();
	}

	/** The candidates in flight after the design and what the plan still allows. */
	private final class Slots {

		private final int first;

		private final RunState state;

		/** Ordinal → soft prompt (null for APE) of the candidates in flight. */
		private final Map<Integer, double[]> inFlight = new TreeMap<>();

		private final BlockingQueue<Integer> finished = new LinkedBlockingQueue<>();

		private final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();

		private final AtomicBoolean halt = new AtomicBoolean();

		private int phaseIteration = -1;

		private int planned = -1;

		Slots(int first, RunState state) {
			this.first = first;
			this.state = state;
		}

		StopReason run() {
			// the run's observation goes along to the workers, so their spans join the
			// job's trace
			ExecutorService workers = ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(),
					ContextSnapshotFactory.builder().build());
			try {
				while (this.failure.get() == null && this.state.stopped() == null) {
					int room = room();
					if (room > 0) {
						if (AsyncSchedule.this.progress.cancelRequested()) {
							this.state.stop(StopReason.CANCELLED);
							break;
						}
						if (launch(room, workers) > 0) {
							continue;
						}
					}
					if (this.inFlight.isEmpty()) {
						break;
					}
					awaitFinished();
				}
				while (!this.inFlight.isEmpty()) {
					awaitFinished();
				}
			}
			catch (InterruptedException ex) {
				workers.shutdownNow();
				Thread.currentThread().interrupt();
				throw new JobInterruptedException("job " + AsyncSchedule.this.jobId + " interrupted; it will resume",
						ex);
			}
			finally {
				workers.shutdown();
			}
			if (this.failure.get() != null) {
				throw this.failure.get();
			}
			if (this.state.stopped() != null) {
				return this.state.stopped();
			}
			if (AsyncSchedule.this.plan.untilBudget() || !planDone()) {
				return StopReason.BUDGET;
			}
			// the plan ends where its trials end (it had reserved room for new
			// instructions the generation cap then did not allow)
			if (this.planned != -1 && this.planned != this.first + generated()) {
				AsyncSchedule.this.progress.planned(this.first + generated());
			}
			return StopReason.COMPLETED;
		}

		private void awaitFinished() throws InterruptedException {
			this.inFlight.remove(this.finished.take());
			for (Integer done = this.finished.poll(); done != null; done = this.finished.poll()) {
				this.inFlight.remove(done);
			}
		}

		/** How many candidates may be proposed now. */
		private int room() {
			Plan plan = AsyncSchedule.this.plan;
			int free = plan.batchSize() - this.inFlight.size();
			if (free <= 0) {
				return 0;
			}
			int room = Math.min(free, freeOrdinals(free).size());
			if (plan.untilBudget()) {
				return room;
			}
			int generated = generated();
			if (!plan.replacesDuplicates()) {
				return Math.max(0, Math.min(room, target() - generated));
			}
			int wanted = target() - this.state.freshFrom(this.first) - this.inFlight.size();
			return Math.max(0, Math.min(room, Math.min(generationCap() - generated, wanted)));
		}

		/** New instructions a fixed plan wants after the design. */
		private int target() {
			return AsyncSchedule.this.plan.iterations() * AsyncSchedule.this.plan.batchSize();
		}

		private int generationCap() {
			Plan plan = AsyncSchedule.this.plan;
			return plan.iterations() * Math.max(plan.batchSize(), plan.generationCap());
		}

		/** The fixed plan has its new instructions, or has spent its generations. */
		private boolean planDone() {
			if (!AsyncSchedule.this.plan.replacesDuplicates()) {
				return generated() >= target();
			}
			return this.state.freshFrom(this.first) >= target() || generated() >= generationCap();
		}

		/** Starts up to {@code room} candidates with consecutive ordinals; how many. */
		private int launch(int room, ExecutorService workers) {
			List<Integer> ordinals = freeOrdinals(room);
			int size = 1;
			while (size < ordinals.size() && ordinals.get(size) == ordinals.get(0) + size) {
				size++;
			}
			int iteration = iteration();
			Batch batch = new Batch(iteration, 0, ordinals.get(0), size, ordinals.get(0), 0);
			if (iteration != this.phaseIteration) {
				AsyncSchedule.this.progress.phase(AsyncSchedule.this.source.phase(batch), iteration);
				this.phaseIteration = iteration;
			}
			List<double[]> pending = this.inFlight.values().stream().filter(Objects::nonNull).toList();
			CandidateSource.Proposal proposal = AsyncSchedule.this.source.proposeAsync(batch, this.state, pending);
			if (proposal.converged()) {
				this.state.stop(StopReason.CONVERGED);
				return 0;
			}
			double incumbent = this.state.incumbent();
			for (int i = 0; i < size; i++) {
				int ordinal = batch.start() + i;
				double @Nullable [] z = proposal.point(i);
				this.inFlight.put(ordinal, z);
				workers.submit(() -> {
					try {
						AsyncSchedule.this.pipeline.run(batch, ordinal, z, this.halt, incumbent);
					}
					catch (RuntimeException ex) {
						this.halt.set(true);
						this.failure.compareAndSet(null, ex);
					}
					finally {
						this.finished.add(ordinal);
					}
				});
			}
			replan();
			return size;
		}

		/**
		 * 1 + the iterations completed: after the design, batchSize new instructions or
		 * max(batchSize, generationCap) finished candidates per iteration, whichever
		 * comes first (at most iterations for a fixed plan).
		 */
		private int iteration() {
			Plan plan = AsyncSchedule.this.plan;
			int perIteration = plan.replacesDuplicates() ? Math.max(plan.batchSize(), plan.generationCap())
					: plan.batchSize();
			int done = this.state.countFrom(this.first);
			int iteration = 1 + Math.max(this.state.freshFrom(this.first) / plan.batchSize(), done / perIteration);
			return plan.untilBudget() ? iteration : Math.min(iteration, plan.iterations());
		}

		/**
		 * The plan's length now: what has started, plus the new instructions a fixed plan
		 * with replacement still wants.
		 */
		private void replan() {
			Plan plan = AsyncSchedule.this.plan;
			int length;
			if (plan.untilBudget()) {
				length = this.first + generated();
			}
			else if (plan.replacesDuplicates()) {
				int wanted = target() - this.state.freshFrom(this.first) - this.inFlight.size();
				length = Math.min(this.first + generated() + Math.max(0, wanted), this.first + generationCap());
			}
			else {
				return;
			}
			length = Math.min(length, plan.trialLimit());
			if (length != this.planned) {
				AsyncSchedule.this.progress.planned(length);
				this.planned = length;
			}
		}

		/** Candidates after the design: persisted or in flight. */
		private int generated() {
			int persisted = 0;
			for (TrialResult trial : this.state.all()) {
				persisted += (trial.ordinal() >= this.first && !this.inFlight.containsKey(trial.ordinal())) ? 1 : 0;
			}
			return persisted + this.inFlight.size();
		}

		/**
		 * The lowest {@code count} ordinals after the design and below the trial limit
		 * that are neither persisted nor in flight (a resumed run fills its gaps first).
		 */
		private List<Integer> freeOrdinals(int count) {
			List<Integer> ordinals = new ArrayList<>(count);
			int limit = AsyncSchedule.this.plan.trialLimit();
			for (int ordinal = this.first; ordinals.size() < count && ordinal < limit; ordinal++) {
				if (!this.state.isPersisted(ordinal) && !this.inFlight.containsKey(ordinal)) {
					ordinals.add(ordinal);
				}
			}
			return ordinals;
		}

	}

}
