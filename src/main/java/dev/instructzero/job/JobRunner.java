package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

import dev.instructzero.database.DatabaseFaults;
import dev.instructzero.evaluator.BlackBoxCallRepository;
import dev.instructzero.evaluator.BlackBoxException;
import dev.instructzero.evaluator.CallsCancelledException;
import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.generator.CheckpointException;
import dev.instructzero.generator.GenerationFailedException;
import dev.instructzero.retry.Outage;
import dev.instructzero.retry.Sleeper;
import dev.instructzero.run.JobInterruptedException;
import dev.instructzero.run.JobObservations;
import dev.instructzero.run.Run;
import dev.instructzero.run.StopReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs a job to its end; JobRunr calls {@link #run(UUID)} on one worker of one replica at
 * a time.
 *
 * <p>
 * Failure policy: a dependency that stays down beyond its own bounded retries (vLLM, the
 * black box) fails the job with its message, keeping every trial ({@code POST
 * /jobs/{id}/resume} continues it). A transient database fault (see
 * {@link DatabaseFaults#isTransient}) pauses the job: it waits on its worker with a
 * capped back-off and resumes from the persisted trials by itself, for up to
 * {@code instructzero.jobs.database-outage-limit}; after that the fault propagates to
 * JobRunr, which retries later (on any replica). A permanent database error (a constraint
 * or data error) fails the job at once with its SQLState, since a retry would repeat it.
 * A cancellation seen before a paid call ends the job CANCELLED. The worker stopping
 * propagates to JobRunr.
 */
@Component
public class JobRunner {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final JobRepository jobs;

	private final JobRuns runs;

	private final JobEvents events;

	private final Clock clock;

	private final BlackBoxCallRepository callLedger;

	/** Waits 1 s, doubling up to 30 s, within the configured outage limit. */
	private final Outage databaseOutage;

	private final JobObservations observations;

	private final Sleeper sleeper;

	private final LongSupplier nanoTime;

	@Autowired
	JobRunner(JobRepository jobs, JobRuns runs, JobEvents events, Clock clock, BlackBoxCallRepository callLedger,
			JobsProperties properties) {
		this(jobs, runs, events, clock, callLedger, properties, Sleeper.THREAD, System::nanoTime);
	}

	/**
	 * With the sleeper that waits out a database outage and the time source its limit is
	 * measured by (a test's, to see the waits).
	 */
	JobRunner(JobRepository jobs, JobRuns runs, JobEvents events, Clock clock, BlackBoxCallRepository callLedger,
			JobsProperties properties, Sleeper sleeper, LongSupplier nanoTime) {
		this.sleeper = sleeper;
		this.nanoTime = nanoTime;
		this.jobs = jobs;
		this.runs = runs;
		this.events = events;
		this.clock = clock;
		this.callLedger = callLedger;
		this.observations = runs.observations();
		this.databaseOutage = Outage.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30),
				properties.databaseOutageLimit());
	}

	/**
	 * Runs or resumes a job; a no-op for a finished or unknown job. Rides out transient
	 * database faults for up to the configured outage limit. What the job logs on this
	 * thread carries {@code jobId} and {@code client} (its owner) in the log context; the
	 * run is one trace ({@link JobObservations}).
	 */
	@org.jobrunr.jobs.annotations.Job(name = "InstructZero job %0")
	public void run(UUID jobId) {
		try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", jobId.toString())) {
			this.observations.observe(JobObservations.RUN, "job run", jobId, () -> runInLogContext(jobId));
		}
		finally {
			MDC.remove("client");
		}
	}

	private void runInLogContext(UUID jobId) {
		this.databaseOutage.rideOut(() -> runOnce(jobId),
				(ex) -> !(ex instanceof JobInterruptedException || interrupted(ex)) && pausesJob(ex), this.sleeper,
				this.nanoTime, new Outage.Handler() {

					@Override
					public void beforeWait(RuntimeException failure, Duration wait) {
						log.warn("Job {} paused: the database is unavailable ({}); resuming in {}", jobId,
								failure.toString(), wait);
					}

					@Override
					public RuntimeException interrupted(RuntimeException failure, InterruptedException ex) {
						return new JobInterruptedException("job " + jobId + " interrupted while the database was down",
								ex);
					}

				});
	}

	/**
	 * A transient database fault, or a database error that is not a permanent data or
	 * constraint error: while PostgreSQL restarts, a failed rollback on a dead connection
	 * hides the fault under a generic error.
	 */
	private static boolean pausesJob(RuntimeException ex) {
		return DatabaseFaults.isTransient(ex)
				|| DatabaseFaults.isDatabaseError(ex) && DatabaseFaults.permanentState(ex).isEmpty();
	}

	private void runOnce(UUID jobId) {
		Job job = this.jobs.findById(jobId).orElse(null);
		if (job == null || job.status().isFinished()) {
			return;
		}
		if (job.owner() != null) {
			MDC.put("client", job.owner());
		}
		if (job.cancelRequested()) {
			finish(jobId, JobStatus.CANCELLED, StopReason.CANCELLED, null);
			return;
		}
		if (this.jobs.markRunning(jobId, this.clock.instant()) == 0) {
			return;
		}
		this.events.jobChanged(jobId);
		log.info("Running job {} ({}, {} trials planned, {} done)", jobId, job.strategy().wireName(),
				job.trialsPlanned(), job.trialsDone());
		try {
			Run execution = this.runs.prepare(job);
			StopReason reason = execution.execute();
			if (reason != StopReason.CANCELLED) {
				reason = execution.selectFinal().orElse(reason);
			}
			if (reason != StopReason.CANCELLED) {
				execution.scoreBestOnTest();
			}
			finish(jobId, (reason == StopReason.CANCELLED) ? JobStatus.CANCELLED : JobStatus.SUCCEEDED, reason, null);
		}
		catch (JobInterruptedException ex) {
			log.warn("Job {} stopped before its end ({}); JobRunr will resume it", jobId, ex.toString());
			throw ex;
		}
		catch (CallsCancelledException ex) {
			// seen before a paid call: the calls already under way were accounted
			reconcileUsage(jobId);
			finish(jobId, JobStatus.CANCELLED, StopReason.CANCELLED, null);
		}
		catch (GenerationFailedException | CheckpointException | BlackBoxException ex) {
			resumeIfInterrupted(jobId, ex);
			reconcileUsage(jobId);
			fail(jobId, ((ex instanceof BlackBoxException) ? "Black-box evaluation failed: "
					: "Instruction generation failed: ") + ex.getMessage());
		}
		catch (RuntimeException ex) {
			resumeIfInterrupted(jobId, ex);
			if (DatabaseFaults.isTransient(ex)) {
				throw ex;
			}
			Optional<String> state = DatabaseFaults.permanentState(ex);
			if (state.isPresent()) {
				log.error("Job {} failed: the database refused its data", jobId, ex);
				reconcileUsage(jobId);
				fail(jobId, "The database refused the job's data (SQLState " + state.get() + "): " + rootMessage(ex));
			}
			else if (DatabaseFaults.isDatabaseError(ex)) {
				log.warn("Job {} stopped on a database error ({}); it resumes when the database answers", jobId,
						ex.toString());
				throw ex;
			}
			else {
				log.error("Job {} failed unexpectedly", jobId, ex);
				reconcileUsage(jobId);
				fail(jobId, "Internal error: " + ex);
			}
		}
	}

	/**
	 * Raises the job's counters to its ledger: calls paid by an evaluation that a failure
	 * or cancellation cut short count too.
	 */
	private void reconcileUsage(UUID jobId) {
		UsageTotals ledger = this.callLedger.paidBy(jobId);
		this.jobs.updateUsage(jobId, ledger.paidCalls(), 0, ledger.tokensIn(), ledger.tokensOut(), ledger.costUsd());
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.toString();
		// the first line names the problem; PostgreSQL's detail lines may quote row data
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline) : message;
	}

	/**
	 * Hands the job back to JobRunr when {@code ex} comes from its worker being
	 * interrupted (a stopping replica): whatever the interrupt broke (a call, a closed
	 * socket, a wait cut short) is not the job's fault, and the job resumes elsewhere
	 * instead of failing for good.
	 */
	private static void resumeIfInterrupted(UUID jobId, RuntimeException ex) {
		if (interrupted(ex)) {
			log.warn("Job {} interrupted ({}); JobRunr will resume it", jobId, ex.toString());
			throw new JobInterruptedException("job " + jobId + " interrupted", ex);
		}
	}

	/**
	 * Whether a failure comes from the worker being interrupted (a stopping replica): on
	 * a virtual thread an interrupt closes the database socket, and the error that
	 * follows is not an outage to wait out.
	 */
	private static boolean interrupted(Throwable ex) {
		if (Thread.currentThread().isInterrupted()) {
			return true;
		}
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof InterruptedException
					|| t instanceof java.io.InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)) {
				return true;
			}
		}
		return false;
	}

	private void fail(UUID jobId, String message) {
		log.warn("Job {} failed: {}", jobId, message);
		finish(jobId, JobStatus.FAILED, null, message);
	}

	private void finish(UUID jobId, JobStatus status, @Nullable StopReason reason, @Nullable String error) {
		this.jobs.finish(jobId, status, reason, error, this.clock.instant());
		this.events.jobChanged(jobId);
		log.info("Job {} finished: {} {}", jobId, status, (reason != null) ? reason : "");
	}

}
