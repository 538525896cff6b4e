package dev.instructzero.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Job events through PostgreSQL LISTEN/NOTIFY: the replica that runs a job notifies,
 * every replica listens and hands the event to its local subscribers (the SSE streams). A
 * lost notification costs a stale stream until the next one, never data: streams read the
 * state from the database.
 */
@Component
class PostgresJobEvents implements JobEvents, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PostgresJobEvents.class);

	static final String CHANNEL = "instructzero_job_events";

	private final JdbcTemplate jdbc;

	private final DataSource dataSource;

	private final CopyOnWriteArrayList<BiConsumer<UUID, Integer>> subscribers = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	private Thread listener;

	PostgresJobEvents(JdbcTemplate jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	/**
	 * Subscribes to every job's events: {@code (jobId, ordinal)} with ordinal null for a
	 * change of the job itself.
	 */
	Runnable subscribe(BiConsumer<UUID, Integer> subscriber) {
		this.subscribers.add(subscriber);
		return () -> this.subscribers.remove(subscriber);
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
			this.jdbc.queryForObject("select pg_notify(?, ?)", Object.class, CHANNEL, payload);
		}
		catch (RuntimeException ex) {
			log.debug("Could not publish job event {}: {}", payload, ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.listener = Thread.ofPlatform().daemon().name("job-events-listener").start(this::listen);
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
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
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
					Thread.sleep(1000);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
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
