package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import dev.instructzero.retry.Sleeper;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Job events through PostgreSQL LISTEN/NOTIFY: the replica that runs a job notifies,
 * every replica listens and hands the event to its local subscribers (the SSE streams). A
 * lost notification costs a stale stream until the next one, never data: streams read the
 * state from the database.
 * <p>
 * Notifications go out through {@link JobEventNotifications} in the caller's transaction
 * (sent on commit). The listener holds one raw connection of the pool for {@code LISTEN};
 * this replica starts (and so takes requests) only once it listens, since a notification
 * sent before that is lost to its streams. A lost connection is replaced after
 * {@link #RECONNECT_WAIT}.
 */
@Component
class PostgresJobEvents implements JobEvents, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PostgresJobEvents.class);

	static final String CHANNEL = "instructzero_job_events";

	/** Wait before the listener connects again after losing its connection. */
	static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);

	/** How long {@link #start()} waits for the listener to listen. */
	static final Duration LISTENING_WAIT = Duration.ofSeconds(10);

	private final JobEventNotifications notifications;

	private final DataSource dataSource;

	private final Sleeper sleeper;

	private final CountDownLatch listening = new CountDownLatch(1);

	private final CopyOnWriteArrayList<BiConsumer<UUID, Integer>> subscribers = new CopyOnWriteArrayList<>();

	private final CopyOnWriteArrayList<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	private @Nullable Thread listener;

	@Autowired
	PostgresJobEvents(JobEventNotifications notifications, DataSource dataSource) {
		this(notifications, dataSource, Sleeper.THREAD);
	}

	PostgresJobEvents(JobEventNotifications notifications, DataSource dataSource, Sleeper sleeper) {
		this.notifications = notifications;
		this.dataSource = dataSource;
		this.sleeper = sleeper;
	}

	/**
	 * Subscribes to every job's events: {@code (jobId, ordinal)} with ordinal null for a
	 * change of the job itself.
	 */
	Runnable subscribe(BiConsumer<UUID, Integer> subscriber) {
		this.subscribers.add(subscriber);
		return () -> this.subscribers.remove(subscriber);
	}

	/**
	 * Runs {@code listener} each time the listener listens again after losing its
	 * connection: what was notified meanwhile was not heard.
	 */
	void onReconnect(Runnable listener) {
		this.reconnectListeners.add(listener);
	}

	@Override
	public void trialPersisted(UUID jobId, int ordinal) {
		notify(jobId + ":" + ordinal);
	}

	@Override
	public void jobChanged(UUID jobId) {
		notify(jobId.toString());
	}

	private void notify(String payload) {
		try {
			this.notifications.send(CHANNEL, payload);
		}
		catch (RuntimeException ex) {
			log.debug("Could not publish job event {}: {}", payload, ex.getMessage());
		}
	}

	/**
	 * Starts the listener and waits (at most {@link #LISTENING_WAIT}) until it listens,
	 * so that no notification sent after this replica has started is missed.
	 */
	@Override
	public void start() {
		this.running = true;
		this.listener = Thread.ofPlatform().daemon().name("job-events-listener").start(this::listen);
		try {
			if (!this.listening.await(LISTENING_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("Job event listener not listening after {}; starting anyway (SSE streams miss events "
						+ "until it does)", LISTENING_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Starts before the web server, so that SSE clients are served only by a listening
	 * replica; stops after it.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.listener != null) {
			this.listener.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		boolean listenedBefore = false;
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				this.listening.countDown();
				if (listenedBefore) {
					reconnected();
				}
				listenedBefore = true;
				PGConnection pg = connection.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] notifications = pg.getNotifications(1000);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							dispatch(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				log.warn("Job event listener lost its connection ({}); reconnecting", ex.getMessage());
				try {
					this.sleeper.sleep(RECONNECT_WAIT);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private void reconnected() {
		for (Runnable listener : this.reconnectListeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				log.warn("Job event resync after a reconnect failed: {}", ex.toString());
			}
		}
	}

	private void dispatch(String payload) {
		try {
			int colon = payload.indexOf(':');
			UUID jobId = UUID.fromString((colon < 0) ? payload : payload.substring(0, colon));
			Integer ordinal = (colon < 0) ? null : Integer.valueOf(payload.substring(colon + 1));
			for (BiConsumer<UUID, Integer> subscriber : this.subscribers) {
				subscriber.accept(jobId, ordinal);
			}
		}
		catch (RuntimeException ex) {
			log.debug("Ignoring job event {}: {}", payload, ex.getMessage());
		}
	}

}
