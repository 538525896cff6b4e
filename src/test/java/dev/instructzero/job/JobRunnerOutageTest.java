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
import dev.instructzero.run.JobObservations;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A job rides out a database outage through the service's one {@link Sleeper}: waits
 * double from 1 s up to 30 s, and the outage limit counts the time spent waiting.
 */
class JobRunnerOutageTest {

	private final UUID jobId = UUID.randomUUID();

	private final JobRepository jobs = mock(JobRepository.class);

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

	private JobRunner runner(Duration outageLimit) {
		JobRuns runs = mock(JobRuns.class);
		when(runs.observations()).thenReturn(JobObservations.NOOP);
		JobsProperties properties = new JobsProperties(8, outageLimit, DataSize.ofMegabytes(256), 2000,
				DataSize.ofMegabytes(32));
		return new JobRunner(this.jobs, runs, mock(JobEvents.class), Clock.systemUTC(),
				mock(BlackBoxCallRepository.class), properties, this.sleeper, this.now::get);
	}

}
