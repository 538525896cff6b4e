package dev.instructzero.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import dev.instructzero.trial.TrialResponse;
import dev.instructzero.trial.TrialService;
import dev.instructzero.web.OverloadedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The event streams' fan-out without a web server: emitters that record or never return.
 */
class JobEventStreamsTest {

	final UUID jobId = UUID.randomUUID();

	final JobService jobs = mock(JobService.class);

	final TrialService trials = mock(TrialService.class);

	final CountDownLatch neverReads = new CountDownLatch(1);

	final List<RecordingEmitter> emitters = new CopyOnWriteArrayList<>();

	/**
	 * Ordinals of the job's persisted trials, once {@link #trialsFromTheDatabase()}
	 * serves them.
	 */
	final List<Integer> persisted = new CopyOnWriteArrayList<>();

	/**
	 * Runs once, while the next stream opens (after it is registered for live events).
	 */
	volatile Runnable whileOpening;

	JobEventStreams streams;

	@AfterEach
	void release() {
		this.neverReads.countDown();
		if (this.streams != null) {
			this.streams.stop();
		}
	}

	JobEventStreams start(Duration heartbeat, int maxStreams, int queueCapacity, JobStatus status) {
		when(this.jobs.get(this.jobId)).thenReturn(job(status));
		when(this.trials.trial(any(), anyInt())).thenAnswer((call) -> trial(call.getArgument(1)));
		this.streams = new JobEventStreams(this.jobs, this.trials, mock(PostgresJobEvents.class),
				new EventStreamProperties(heartbeat, maxStreams, queueCapacity, Duration.ofHours(1))) {

			@Override
			SseEmitter newEmitter(long timeoutMs) {
				// the first emitter belongs to a client that never reads: its sends block
				RecordingEmitter emitter = new RecordingEmitter(
						JobEventStreamsTest.this.emitters.isEmpty() ? JobEventStreamsTest.this.neverReads : null) {

					@Override
					public void onCompletion(Runnable callback) {
						super.onCompletion(callback);
						Runnable hook = JobEventStreamsTest.this.whileOpening;
						JobEventStreamsTest.this.whileOpening = null;
						if (hook != null) {
							hook.run();
						}
					}

				};
				JobEventStreamsTest.this.emitters.add(emitter);
				return emitter;
			}

		};
		this.streams.start();
		return this.streams;
	}

	@Test
	void oneClientThatNeverReadsDelaysNoneOfTwoHundredOthersAndIsClosed() {
		// each trial makes two events (trial, job): 20 trials and the first state fit a
		// queue of 48
		JobEventStreams streams = start(Duration.ofHours(1), 1000, 48, JobStatus.RUNNING);
		for (int i = 0; i < 201; i++) {
			streams.open(this.jobId, null);
		}
		// the listener thread of PostgresJobEvents delivers events; it must never block
		Thread.ofVirtual().start(() -> IntStream.rangeClosed(1, 20).forEach((n) -> streams.onEvent(this.jobId, n)));

		List<RecordingEmitter> readers = this.emitters.subList(1, 201);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(readers).allSatisfy((e) -> assertThat(e.count("event:trial")).isEqualTo(20)));
		assertThat(readers.get(0).lines()).contains("id:1", "id:20");
		assertThat(streams.openStreams()).isEqualTo(201);

		// five more trials overflow the queue of the client that never reads: it is
		// closed
		Thread.ofVirtual().start(() -> IntStream.rangeClosed(21, 25).forEach((n) -> streams.onEvent(this.jobId, n)));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(readers).allSatisfy((e) -> assertThat(e.count("event:trial")).isEqualTo(25)));
		assertThat(streams.openStreams()).isEqualTo(200);
	}

	@Test
	void sendsAHeartbeatCommentEveryInterval() {
		JobEventStreams streams = start(Duration.ofMillis(50), 10, 16, JobStatus.RUNNING);
		streams.open(this.jobId, null); // the one that never reads
		streams.open(this.jobId, null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.emitters.get(1).count(":heartbeat") >= 3);
		assertThat(this.emitters.get(1).lines().get(0)).isEqualTo("event:job");
	}

	@Test
	void replaysTheTrialsAfterLastEventIdThenEndsAFinishedJob() {
		List<TrialResponse> later = List.of(trial(4), trial(5), trial(6));
		when(this.trials.trialsAfter(this.jobId, 3)).thenReturn(later);
		JobEventStreams streams = start(Duration.ofHours(1), 10, 16, JobStatus.SUCCEEDED);
		streams.open(this.jobId, null); // the one that never reads
		streams.open(this.jobId, 3);
		RecordingEmitter resumed = this.emitters.get(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> resumed.completed);
		assertThat(resumed.lines()).containsSubsequence("event:job", "id:4", "event:trial", "id:5", "id:6")
			.doesNotContain("id:3");
		assertThat(resumed.count("event:trial")).isEqualTo(3);
	}

	@Test
	void aTrialAnnouncedWhileAStreamOpensIsSentOnceAfterTheJobsState() {
		List<TrialResponse> stored = List.of(trial(1), trial(2), trial(3));
		when(this.trials.trialsAfter(this.jobId, -1)).thenReturn(stored);
		JobEventStreams streams = start(Duration.ofHours(1), 10, 16, JobStatus.RUNNING);
		streams.open(this.jobId, null); // the one that never reads
		// trial 3 is announced after the stream is registered and before its replay is
		// read: the replay has it too
		this.whileOpening = () -> streams.onEvent(this.jobId, 3);
		streams.open(this.jobId, -1);
		RecordingEmitter opened = this.emitters.get(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> opened.count("event:job") == 2);
		assertThat(opened.lines().get(0)).isEqualTo("event:job");
		assertThat(opened.lines().stream().filter((l) -> l.startsWith("id:")).toList()).containsExactly("id:1", "id:2",
				"id:3");
	}

	@Test
	void refusesStreamsBeyondTheCapWith429UntilOneCloses() {
		JobEventStreams streams = start(Duration.ofHours(1), 3, 16, JobStatus.RUNNING);
		for (int i = 0; i < 3; i++) {
			streams.open(this.jobId, null);
		}
		assertThatExceptionOfType(OverloadedException.class).isThrownBy(() -> streams.open(this.jobId, null))
			.satisfies((ex) -> assertThat(ex.shuttingDown()).isFalse())
			.withMessageContaining("max-streams");
		when(this.jobs.get(this.jobId)).thenReturn(job(JobStatus.SUCCEEDED));
		streams.onEvent(this.jobId, null); // the job finished: its streams end
		assertThat(streams.openStreams()).isZero();
		when(this.jobs.get(this.jobId)).thenReturn(job(JobStatus.RUNNING));
		streams.open(this.jobId, null);
		assertThat(streams.openStreams()).isOne();
	}

	@Test
	void stoppingEndsEveryStreamBeforeTheWebServerDrains() {
		JobEventStreams streams = start(Duration.ofHours(1), 10, 16, JobStatus.RUNNING);
		for (int i = 0; i < 4; i++) {
			streams.open(this.jobId, null);
		}
		assertThat(streams.getPhase()).isGreaterThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 1024);
		streams.stop();
		assertThat(streams.openStreams()).isZero();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.emitters.subList(1, 4).stream().allMatch((e) -> e.completed));
		assertThatExceptionOfType(OverloadedException.class).isThrownBy(() -> streams.open(this.jobId, null))
			.satisfies((ex) -> assertThat(ex.shuttingDown()).isTrue());
	}

	@Test
	void aTrialThatCannotBeReadYetIsSentWithTheJobsNextEventInsteadOfLost() {
		JobEventStreams streams = start(Duration.ofHours(1), 10, 64, JobStatus.RUNNING);
		RecordingEmitter reader = openReaderBesideOneThatNeverReads(streams);
		when(this.trials.trial(this.jobId, 1)).thenThrow(new CannotGetJdbcConnectionException("pool exhausted"))
			.thenAnswer((call) -> trial(1));

		streams.onEvent(this.jobId, 1); // its trial cannot be read: no event yet
		streams.onEvent(this.jobId, 2);

		await().atMost(Duration.ofSeconds(10)).until(() -> reader.count("event:trial") == 2);
		assertThat(reader.lines().stream().filter((l) -> l.startsWith("id:")).toList()).containsExactly("id:1", "id:2");
	}

	@Test
	void aJobsLastEventThatCannotBeReadIsSentByAHeartbeat() {
		JobEventStreams streams = start(Duration.ofMillis(50), 10, 256, JobStatus.RUNNING);
		RecordingEmitter reader = openReaderBesideOneThatNeverReads(streams);
		when(this.jobs.get(this.jobId)).thenThrow(new CannotGetJdbcConnectionException("pool exhausted"))
			.thenReturn(job(JobStatus.SUCCEEDED));

		streams.onEvent(this.jobId, null); // the job ended; its state cannot be read yet

		await().atMost(Duration.ofSeconds(10)).until(() -> reader.completed);
		assertThat(reader.count("event:job")).isEqualTo(2);
		assertThat(streams.openStreams()).isZero();
	}

	@Test
	void aResyncAfterTheListenerReconnectsSendsEachJobsStateAndEndsTheStreamsOfAJobThatEnded() {
		JobEventStreams streams = start(Duration.ofHours(1), 10, 64, JobStatus.RUNNING);
		RecordingEmitter reader = openReaderBesideOneThatNeverReads(streams);
		// the job ended while the listener was reconnecting: its notification was not
		// heard
		when(this.jobs.get(this.jobId)).thenReturn(job(JobStatus.SUCCEEDED));

		streams.resync();

		await().atMost(Duration.ofSeconds(10)).until(() -> reader.completed);
		assertThat(reader.count("event:job")).isEqualTo(2);
		assertThat(streams.openStreams()).isZero();
	}

	@Test
	void aTrialPersistedWhileTheListenerReconnectedIsSentOnceByTheResyncBeforeTheJobsState() {
		JobEventStreams streams = start(Duration.ofHours(1), 10, 64, JobStatus.RUNNING);
		trialsFromTheDatabase();
		RecordingEmitter reader = openReaderBesideOneThatNeverReads(streams);
		this.persisted.add(0); // its notification was not heard: the listener reconnected

		streams.resync();

		await().atMost(Duration.ofSeconds(10)).until(() -> reader.count("event:job") == 2);
		assertThat(reader.lines().stream().filter((l) -> l.startsWith("event:") || l.startsWith("id:")).toList())
			.containsExactly("event:job", "event:trial", "id:0", "event:job");
		streams.resync(); // a second reconnect: nothing was missed
		await().atMost(Duration.ofSeconds(10)).until(() -> reader.count("event:job") == 3);
		assertThat(reader.count("id:0")).isOne();
	}

	@Test
	void aJobSeenFinishedSendsTheTrialsWhoseNotificationsAreStillBehindBeforeItsStreamsEnd() {
		JobEventStreams streams = start(Duration.ofHours(1), 10, 64, JobStatus.RUNNING);
		trialsFromTheDatabase();
		RecordingEmitter reader = openReaderBesideOneThatNeverReads(streams);
		// trials 0 to 2 are persisted and the job finishes; only trial 0's notification
		// has been handled yet, and it reads the finished state
		this.persisted.addAll(List.of(0, 1, 2));
		when(this.jobs.get(this.jobId)).thenReturn(job(JobStatus.SUCCEEDED));

		streams.onEvent(this.jobId, 0);
		streams.onEvent(this.jobId, 1); // behind: the streams have ended
		streams.onEvent(this.jobId, 2);

		await().atMost(Duration.ofSeconds(10)).until(() -> reader.completed);
		assertThat(reader.lines().stream().filter((l) -> l.startsWith("event:") || l.startsWith("id:")).toList())
			.containsExactly("event:job", "event:trial", "id:0", "event:trial", "id:1", "event:trial", "id:2",
					"event:job");
	}

	@Test
	void aResyncSendsAStreamOpenedWithoutLastEventIdOnlyTheTrialsPersistedSinceItOpened() {
		JobEventStreams streams = start(Duration.ofHours(1), 10, 64, JobStatus.RUNNING);
		trialsFromTheDatabase();
		// trials of a batch finish out of order: 2 is still running when the streams open
		this.persisted.addAll(List.of(0, 1, 3));
		RecordingEmitter reader = openReaderBesideOneThatNeverReads(streams);
		this.persisted.addAll(List.of(4, 2)); // not heard: the listener reconnected

		streams.resync();

		await().atMost(Duration.ofSeconds(10)).until(() -> reader.count("event:job") == 2);
		assertThat(reader.lines().stream().filter((l) -> l.startsWith("id:")).toList()).containsExactly("id:2", "id:4");
		// one read for every stream, from the first trial a stream may lack
		verify(this.trials).trialsAfter(this.jobId, 1);
	}

	@Test
	void aResyncDoesNotSendATrialThatWasReplayedOrSentLiveAgain() {
		JobEventStreams streams = start(Duration.ofHours(1), 10, 64, JobStatus.RUNNING);
		trialsFromTheDatabase();
		this.persisted.addAll(List.of(0, 1, 2));
		// trial 2 is committed after the stream read which trials there were, before its
		// replay
		when(this.trials.ordinals(this.jobId)).thenReturn(List.of(0, 1));
		streams.open(this.jobId, null); // the one that never reads
		streams.open(this.jobId, 0);
		RecordingEmitter reader = this.emitters.get(1);
		this.persisted.add(3);
		streams.onEvent(this.jobId, 3);
		await().atMost(Duration.ofSeconds(10)).until(() -> reader.count("id:3") == 1);
		this.persisted.add(4); // not heard: the listener reconnected

		streams.resync();

		await().atMost(Duration.ofSeconds(10)).until(() -> reader.count("event:job") == 3);
		assertThat(reader.lines().stream().filter((l) -> l.startsWith("id:")).toList()).containsExactly("id:1", "id:2",
				"id:3", "id:4");
	}

	@Test
	void aResyncWhoseTrialsCannotBeReadStaysDueAndAHeartbeatSendsThemBeforeTheState() {
		JobEventStreams streams = start(Duration.ofMillis(50), 10, 256, JobStatus.RUNNING);
		trialsFromTheDatabase();
		RecordingEmitter reader = openReaderBesideOneThatNeverReads(streams);
		this.persisted.add(0); // not heard: the listener reconnected
		when(this.trials.trialsAfter(eq(this.jobId), anyInt()))
			.thenThrow(new CannotGetJdbcConnectionException("pool exhausted"))
			.thenAnswer((call) -> trialsAfter(call.getArgument(1)));

		streams.resync();

		await().atMost(Duration.ofSeconds(10)).until(() -> reader.count("event:job") == 2);
		assertThat(reader.lines().stream().filter((l) -> l.startsWith("event:") || l.startsWith("id:")).toList())
			.containsExactly("event:job", "event:trial", "id:0", "event:job");
		verify(this.trials, atLeast(2)).trialsAfter(eq(this.jobId), anyInt());
	}

	/**
	 * Serves the job's trials from {@link #persisted}: which ones a stream had when it
	 * opened, and those after an ordinal.
	 */
	void trialsFromTheDatabase() {
		when(this.trials.ordinals(this.jobId)).thenAnswer((call) -> List.copyOf(this.persisted));
		when(this.trials.trialsAfter(eq(this.jobId), anyInt())).thenAnswer((call) -> trialsAfter(call.getArgument(1)));
	}

	List<TrialResponse> trialsAfter(int ordinal) {
		return this.persisted.stream().filter((o) -> o > ordinal).sorted().map(JobEventStreamsTest::trial).toList();
	}

	/** Opens the stream that never reads, then one that does, and returns the latter. */
	RecordingEmitter openReaderBesideOneThatNeverReads(JobEventStreams streams) {
		streams.open(this.jobId, null);
		streams.open(this.jobId, null);
		return this.emitters.get(1);
	}

	JobResponse job(JobStatus status) {
		return new JobResponse(this.jobId, status, null, Strategy.INSTRUCTZERO, UUID.randomUUID(), "gpt", null, null,
				null, null, null, null, null, null, null, null, false);
	}

	static TrialResponse trial(int ordinal) {
		TrialResponse trial = mock(TrialResponse.class);
		when(trial.ordinal()).thenReturn(ordinal);
		return trial;
	}

	/**
	 * Records the text of what is sent; blocks every send while {@code blocker} is
	 * closed.
	 */
	static class RecordingEmitter extends SseEmitter {

		private final CountDownLatch blocker;

		private final List<String> text = new CopyOnWriteArrayList<>();

		volatile boolean completed;

		RecordingEmitter(CountDownLatch blocker) {
			this.blocker = blocker;
		}

		@Override
		public void send(SseEventBuilder builder) {
			if (this.blocker != null) {
				try {
					this.blocker.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return;
			}
			StringBuilder event = new StringBuilder();
			builder.build().forEach((part) -> event.append((part.getData() instanceof String s) ? s : ""));
			this.text.add(event.toString());
		}

		@Override
		public void complete() {
			this.completed = true;
		}

		List<String> lines() {
			List<String> lines = new ArrayList<>();
			this.text.forEach((event) -> event.lines().filter((l) -> !l.isBlank()).forEach(lines::add));
			return lines;
		}

		long count(String line) {
			return lines().stream().filter(line::equals).count();
		}

	}

}
