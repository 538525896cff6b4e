package dev.instructzero.job;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.instructzero.evaluator.BlackBoxCallRepository;
import dev.instructzero.retry.Sleeper;
import dev.instructzero.run.JobInterruptedException;
import dev.instructzero.run.JobObservations;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A job rides out a database outage through the service's one {@link Sleeper}: waits
 * double from 1 s up to 30 s, and the outage limit counts the time spent waiting.
 */
class JobRunnerOutageTest {

	private final UUID jobId = UUID.randomUUID();

	private final JobRepository jobs = mock(JobRepository.class);

	private final JobRuns runs = mock(JobRuns.class);

	/** Nanoseconds that pass only while the runner sleeps. */
	private final AtomicLong now = new AtomicLong();

	private final List<Duration> waits = new ArrayList<>();

	private final Sleeper sleeper = (duration) -> {
		this.waits.add(duration);
		this.now.addAndGet(duration.toNanos());
	};

	@Test
	void anOutageShorterThanTheLimitIsWaitedOutWithDoublingWaits() {
		AtomicInteger reads = new AtomicInteger();
		when(this.jobs.findById(this.jobId)).thenAnswer((invocation) -> {
			if (reads.incrementAndGet() <= 7) {
				throw new TransientDataAccessResourceException("connection refused");
			}
			return Optional.empty();
		});

		runner(Duration.ofMinutes(10)).run(this.jobId);

		assertThat(reads).hasValue(8);
		assertThat(this.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
				Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
	}

	@Test
	void anOutageLongerThanTheLimitFailsTheRunOnceTheNextWaitWouldPassIt() {
		TransientDataAccessResourceException down = new TransientDataAccessResourceException("connection refused");
		when(this.jobs.findById(this.jobId)).thenThrow(down);

		assertThatExceptionOfType(TransientDataAccessResourceException.class)
			.isThrownBy(() -> runner(Duration.ofSeconds(10)).run(this.jobId))
			.isSameAs(down);
		// 1 + 2 + 4 = 7 s waited; another 8 s would end past the 10 s limit
		assertThat(this.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
	}

	@Test
	void aPermanentDataErrorIsNotWaitedOn() {
		when(this.jobs.findById(this.jobId)).thenThrow(new DataIntegrityViolationException("duplicate key"));

		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> runner(Duration.ofMinutes(10)).run(this.jobId));
		assertThat(this.waits).isEmpty();
	}

	@Test
	void aDatabaseErrorOfAnInterruptedRunIsAStopNotAnOutage() {
		// a stopping replica interrupts its jobs; on a virtual thread that closes the
		// database socket, and the error looks like an outage
		TransientDataAccessResourceException closedByInterrupt = new TransientDataAccessResourceException(
				"An I/O error occurred while sending to the backend.");
		when(this.jobs.findById(this.jobId)).thenAnswer((invocation) -> {
			Thread.currentThread().interrupt();
			throw closedByInterrupt;
		});
		try {
			assertThatExceptionOfType(TransientDataAccessResourceException.class)
				.isThrownBy(() -> runner(Duration.ofMinutes(10)).run(this.jobId))
				.isSameAs(closedByInterrupt);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.waits).as("waited for a database that is not down").isEmpty();
	}

	@Test
	void aRunThatAnInterruptBrokeResumesLaterInsteadOfFailingForGood() {
		Job job = mock(Job.class);
		when(job.status()).thenReturn(JobStatus.QUEUED);
		when(job.strategy()).thenReturn(Strategy.INSTRUCTZERO);
		when(this.jobs.findById(this.jobId)).thenReturn(Optional.of(job));
		when(this.jobs.markRunning(eq(this.jobId), any())).thenReturn(1);
		JobRunner runner = runner(Duration.ofMinutes(10));
		when(this.runs.prepare(job)).thenAnswer((invocation) -> {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("a wait cut short by the interrupt");
		});
		try {
			assertThatExceptionOfType(JobInterruptedException.class).isThrownBy(() -> runner.run(this.jobId));
		}
		finally {
			Thread.interrupted();
		}
		verify(this.jobs, never()).finish(any(), any(), any(), any(), any());
		assertThat(this.waits).isEmpty();
	}

	private JobRunner runner(Duration outageLimit) {
		JobRuns runs = this.runs;
		when(runs.observations()).thenReturn(JobObservations.NOOP);
		JobsProperties properties = new JobsProperties(8, outageLimit, DataSize.ofMegabytes(256), 2000,
				DataSize.ofMegabytes(32));
		return new JobRunner(this.jobs, runs, mock(JobEvents.class), Clock.systemUTC(),
				mock(BlackBoxCallRepository.class), properties, this.sleeper, this.now::get);
	}

}
