package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.instructzero.database.DatabaseFaults;
import dev.instructzero.trial.TrialResponse;
import dev.instructzero.trial.TrialService;
import dev.instructzero.web.OverloadedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The Server-Sent-Event streams of {@code GET /jobs/{id}/events}: on connect the job's
 * current state ({@code job} event), then one {@code trial} event per persisted trial and
 * one {@code job} event per status or phase change; the stream ends when the job
 * finishes.
 * <p>
 * A {@code trial} event's {@code id} is its ordinal ({@code job} events carry none, so a
 * client's last event id stays the last trial it saw); a client reconnecting with
 * {@code Last-Event-ID: n} is sent the current state and then every trial with an ordinal
 * above n. Each stream has a bounded queue and its own sender (a virtual thread), so a
 * client that stops reading delays nobody: when its queue overflows the stream is closed.
 * A stream sends each trial at most once (replayed, live or missed), and it remembers
 * which trials were persisted when it opened: after the event listener reconnects, it is
 * sent the trials persisted since then that it has not sent, not the job's history. A
 * {@code :heartbeat} comment goes out every {@code instructzero.events.heartbeat}; at
 * most {@code max-streams} are open per replica (429 beyond); streams end first on
 * shutdown, before the web server's graceful shutdown waits for open requests.
 */
@Component
class JobEventStreams implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

	private final JobService jobs;

	private final TrialService trials;

	private final EventStreamProperties properties;

	private final Map<UUID, Set<EventStream>> streams = new ConcurrentHashMap<>();

	/**
	 * Per job, the trial ordinals (and {@link #MISSED_TRIALS}, {@link #JOB_STATE}) whose
	 * events are due because they could not be read yet; guarded by itself.
	 */
	private final Map<UUID, Set<Integer>> unsent = new ConcurrentHashMap<>();

	/**
	 * Stands for the trials a resync sends among the due events; sorts before every
	 * trial.
	 */
	private static final int MISSED_TRIALS = Integer.MIN_VALUE;

	/** Stands for the job's state among the due events; sorts after every trial. */
	private static final int JOB_STATE = Integer.MAX_VALUE;

	private final AtomicInteger open = new AtomicInteger();

	private volatile @Nullable ScheduledExecutorService heartbeats;

	JobEventStreams(JobService jobs, TrialService trials, PostgresJobEvents events, EventStreamProperties properties) {
		this.jobs = jobs;
		this.trials = trials;
		this.properties = properties;
		events.subscribe(this::onEvent);
		events.onReconnect(this::resync);
	}

	/**
	 * After the event listener lost its connection, whose notifications were not heard:
	 * each stream is sent the trials it missed (see {@link #sendMissedTrials}), then its
	 * job's current state (a job that ended meanwhile ends its streams). If the trials or
	 * the state cannot be read (a database fault), they stay due like any unsent event.
	 */
	void resync() {
		List.copyOf(this.streams.keySet()).forEach((jobId) -> deliver(jobId, (due) -> {
			due.add(MISSED_TRIALS);
			due.add(JOB_STATE);
		}));
	}

	/**
	 * Opens a stream of a job's events.
	 * @param lastEventId the client's {@code Last-Event-ID} (a trial ordinal), or null
	 * @throws dev.instructzero.web.NotFoundException if there is no such job
	 * @throws OverloadedException when this replica serves max-streams already (429), or
	 * is shutting down (503)
	 */
	SseEmitter open(UUID jobId, @Nullable Integer lastEventId) {
		JobResponse current = this.jobs.get(jobId);
		if (!isRunning()) {
			throw OverloadedException.shuttingDown("This replica is shutting down.");
		}
		if (this.open.incrementAndGet() > this.properties.maxStreams()) {
			this.open.decrementAndGet();
			throw OverloadedException.atCapacity("This replica already serves " + this.properties.maxStreams()
					+ " event streams (instructzero.events.max-streams); retry later or poll GET /jobs/" + jobId);
		}
		SseEmitter emitter = newEmitter(this.properties.timeout().toMillis());
		EventStream stream = new EventStream(jobId, emitter, this.properties.queueCapacity());
		// the current state is queued first, before live events can be: a live trial
		// event ahead of it would be sent before the state and then again by the replay
		stream.offer(Outgoing.event("job", null, current));
		// live events are received from here on, the replay is read after: a trial is
		// either replayed or announced live (or both, and then sent once)
		Set<EventStream> set = this.streams.computeIfAbsent(jobId, (id) -> ConcurrentHashMap.newKeySet());
		set.add(stream);
		emitter.onCompletion(stream::close);
		emitter.onTimeout(stream::close);
		emitter.onError((ex) -> stream.close());
		List<TrialResponse> replay;
		try {
			// the trials the client may have seen, read before the replay: the replay
			// then has each of them after the client's last event id
			stream.persistedAtOpen(this.trials.ordinals(jobId));
			replay = (lastEventId != null) ? this.trials.trialsAfter(jobId, lastEventId) : List.of();
		}
		catch (RuntimeException ex) {
			stream.close(); // never started: it must not count against max-streams
			throw ex;
		}
		if (current.status().isFinished()) {
			stream.closeAfterReplay();
		}
		stream.start(replay);
		return emitter;
	}

	/** A new emitter; tests override it to observe what a stream sends. */
	SseEmitter newEmitter(long timeoutMs) {
		return new SseEmitter(timeoutMs);
	}

	/** Streams open on this replica. */
	int openStreams() {
		return this.open.get();
	}

	void onEvent(UUID jobId, @Nullable Integer ordinal) {
		deliver(jobId, (due) -> {
			if (ordinal != null) {
				due.add(ordinal);
			}
			due.add(JOB_STATE);
		});
	}

	/** Sends what could not be read before; the heartbeat calls it. */
	void resendUnsent() {
		List.copyOf(this.unsent.keySet()).forEach((jobId) -> deliver(jobId, (due) -> {
		}));
	}

	/**
	 * Adds a job's new events to those still due and sends them all; nothing is due for a
	 * job without open streams.
	 */
	private void deliver(UUID jobId, Consumer<Set<Integer>> newEvents) {
		Set<EventStream> targets = this.streams.get(jobId);
		if (targets == null || targets.isEmpty()) {
			this.unsent.remove(jobId);
			return;
		}
		synchronized (this.unsent) {
			Set<Integer> due = this.unsent.computeIfAbsent(jobId, (id) -> new TreeSet<>());
			newEvents.accept(due);
			send(jobId, targets, due);
		}
	}

	/**
	 * Sends a job's due events: its trials (in ordinal order), then its state. An event
	 * whose trial or job cannot be read now (e.g. no pooled connection in time) stays
	 * due, for the job's next event or the next heartbeat, instead of being lost to every
	 * stream of the job.
	 */
	private void send(UUID jobId, Set<EventStream> targets, Set<Integer> due) {
		for (Iterator<Integer> it = due.iterator(); it.hasNext();) {
			int ordinal = it.next();
			try {
				if (ordinal == MISSED_TRIALS) {
					sendMissedTrials(jobId, targets);
				}
				else if (ordinal == JOB_STATE) {
					sendState(jobId, targets);
				}
				else {
					Outgoing trial = Outgoing.event("trial", ordinal, this.trials.trial(jobId, ordinal));
					targets.forEach((s) -> s.offer(trial));
				}
				it.remove();
			}
			catch (RuntimeException ex) {
				boolean databaseFault = ex instanceof DataAccessException || ex instanceof TransactionException
						|| DatabaseFaults.isTransient(ex);
				if (!databaseFault || !isRunning()) {
					log.warn("Dropping event of job {} ({}): {}", jobId, describe(ordinal), ex.toString());
					it.remove();
					continue;
				}
				log.warn("Could not read event of job {} ({}), sending it later: {}", jobId, describe(ordinal),
						ex.toString());
				return;
			}
		}
		this.unsent.remove(jobId, due);
	}

	private static String describe(int due) {
		return switch (due) {
			case MISSED_TRIALS -> "missed trials";
			case JOB_STATE -> "state";
			default -> "trial " + due;
		};
	}

	/**
	 * Sends each stream the job's trials it missed while the listener was not listening:
	 * those persisted after the stream opened that it has not sent (live or replayed), in
	 * ordinal order. One read serves every stream, from the first trial that some stream
	 * may lack; only missed trials are queued, so a resync fills no queue needlessly.
	 */
	private void sendMissedTrials(UUID jobId, Set<EventStream> targets) {
		// a stream that opens meanwhile needs none of this read: it has every trial read
		// before it opened, and hears of later ones (the listener listens again)
		List<EventStream> open = List.copyOf(targets);
		int after = open.stream().mapToInt(EventStream::persistedThrough).min().orElse(-1);
		List<TrialResponse> persisted = this.trials.trialsAfter(jobId, after);
		for (EventStream stream : open) {
			persisted.stream()
				.filter((trial) -> stream.missed(trial.ordinal()))
				.forEach((trial) -> stream.offer(Outgoing.event("trial", trial.ordinal(), trial)));
		}
	}

	/**
	 * Sends the job's state to {@code targets}. A finished job's streams end after it,
	 * and before it they are sent the trials they have not had: notifications are handled
	 * one at a time, and the job may have finished while those of its last trials still
	 * wait behind this one, which would find the streams closed.
	 */
	private void sendState(UUID jobId, Set<EventStream> targets) {
		JobResponse job = this.jobs.get(jobId);
		if (job.status().isFinished()) {
			sendMissedTrials(jobId, targets);
		}
		Outgoing state = Outgoing.event("job", null, job);
		targets.forEach((s) -> s.offer(state));
		if (job.status().isFinished()) {
			targets.forEach(EventStream::close);
		}
	}

	private void heartbeat() {
		this.streams.values().forEach((set) -> set.forEach((s) -> s.offer(Outgoing.HEARTBEAT)));
		resendUnsent();
	}

	@Override
	public void start() {
		long period = this.properties.heartbeat().toMillis();
		ScheduledExecutorService scheduler = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sse-heartbeat").factory());
		scheduler.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
		this.heartbeats = scheduler;
	}

	/**
	 * Ends every open stream, so that the graceful shutdown does not wait for clients.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.heartbeats;
		this.heartbeats = null;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		this.streams.values().forEach((set) -> set.forEach(EventStream::close));
	}

	@Override
	public boolean isRunning() {
		return this.heartbeats != null;
	}

	/**
	 * Stops before the web server (phase {@code DEFAULT_PHASE - 1024}) drains requests.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/** What a sender thread sends next. */
	record Outgoing(@Nullable String name, @Nullable Integer id, @Nullable Object data, boolean end) {

		static final Outgoing HEARTBEAT = new Outgoing(null, null, null, false);

		static final Outgoing END = new Outgoing(null, null, null, true);

		static Outgoing event(String name, @Nullable Integer id, Object data) {
			return new Outgoing(name, id, data, false);
		}

		SseEmitter.SseEventBuilder build() {
			if (this.name == null) {
				return SseEmitter.event().comment("heartbeat");
			}
			SseEmitter.SseEventBuilder event = SseEmitter.event()
				.name(this.name)
				.data(Objects.requireNonNull(this.data, "an event has data"));
			return (this.id != null) ? event.id(Integer.toString(this.id)) : event;
		}

	}

	/** One client's stream: a bounded queue drained by its own virtual thread. */
	private final class EventStream {

		private final UUID jobId;

		private final SseEmitter emitter;

		private final BlockingQueue<Outgoing> queue;

		/**
		 * Ordinals of the trials sent (replayed, live or missed), so none is sent twice,
		 * e.g. a live event racing the replay; guarded by itself.
		 */
		private final BitSet sent = new BitSet();

		/**
		 * Ordinals of the trials persisted when the stream opened (null until read): the
		 * client's history, never sent as missed (the replay sends those after its
		 * Last-Event-ID).
		 */
		private volatile @Nullable BitSet persistedAtOpen;

		private final AtomicBoolean closed = new AtomicBoolean();

		private volatile boolean closeAfterReplay;

		EventStream(UUID jobId, SseEmitter emitter, int capacity) {
			this.jobId = jobId;
			this.emitter = emitter;
			this.queue = new ArrayBlockingQueue<>(capacity);
		}

		void start(List<TrialResponse> replay) {
			Thread.ofVirtual().name("sse-" + this.jobId).start(() -> run(replay));
		}

		/** Queues an event; never blocks: a full queue closes the stream. */
		void offer(Outgoing event) {
			if (this.closed.get()) {
				return;
			}
			if (!this.queue.offer(event)) {
				log.info("Closing the event stream of job {}: its client fell {} events behind", this.jobId,
						this.queue.size());
				close();
			}
		}

		void persistedAtOpen(List<Integer> ordinals) {
			BitSet persisted = new BitSet();
			ordinals.forEach(persisted::set);
			this.persistedAtOpen = persisted;
		}

		/**
		 * Every trial up to this ordinal was persisted when the stream opened; -1 while
		 * that is being read.
		 */
		int persistedThrough() {
			BitSet persisted = this.persistedAtOpen;
			return (persisted != null) ? persisted.nextClearBit(0) - 1 : -1;
		}

		/**
		 * Whether the trial was persisted after the stream opened and has not been sent.
		 * False while the stream opens: what it reads then has every trial persisted
		 * before.
		 */
		boolean missed(int ordinal) {
			BitSet persisted = this.persistedAtOpen;
			synchronized (this.sent) {
				return persisted != null && !persisted.get(ordinal) && !this.sent.get(ordinal);
			}
		}

		/** Marks the trial sent; false if it was sent before. */
		private boolean markSent(int ordinal) {
			synchronized (this.sent) {
				boolean before = this.sent.get(ordinal);
				this.sent.set(ordinal);
				return !before;
			}
		}

		void closeAfterReplay() {
			this.closeAfterReplay = true;
		}

		/**
		 * Ends the stream once its sender has sent what is queued (everything is dropped
		 * when the queue is full), and stops counting it; safe to call more than once.
		 */
		void close() {
			if (!this.closed.compareAndSet(false, true)) {
				return;
			}
			Set<EventStream> set = JobEventStreams.this.streams.get(this.jobId);
			if (set != null) {
				set.remove(this);
			}
			JobEventStreams.this.open.decrementAndGet();
			if (!this.queue.offer(Outgoing.END)) {
				this.queue.clear();
				this.queue.offer(Outgoing.END);
			}
		}

		private void run(List<TrialResponse> replay) {
			try {
				Outgoing first = this.queue.take();
				if (!first.end()) {
					this.emitter.send(first.build());
					for (TrialResponse trial : replay) {
						if (this.closed.get()) {
							break;
						}
						if (markSent(trial.ordinal())) {
							this.emitter.send(Outgoing.event("trial", trial.ordinal(), trial).build());
						}
					}
					if (this.closeAfterReplay) {
						close();
					}
					for (Outgoing next = this.queue.take(); !next.end(); next = this.queue.take()) {
						if (next.id() == null || markSent(next.id())) {
							this.emitter.send(next.build());
						}
					}
				}
				this.emitter.complete();
			}
			catch (IOException | RuntimeException ex) {
				close();
				this.emitter.completeWithError(ex);
			}
			catch (InterruptedException ex) {
				close();
				this.emitter.complete();
			}
		}

	}

}
