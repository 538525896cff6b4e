package dev.instructzero.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * The LISTEN/NOTIFY channel without a database: a pool whose connections fail or carry
 * scripted notifications, and a sleeper that records the waits instead of sleeping.
 */
class PostgresJobEventsTest {

	final UUID jobId = UUID.randomUUID();

	final JobEventNotifications notifications = mock(JobEventNotifications.class);

	final DataSource dataSource = mock(DataSource.class);

	final Statement statement = mock(Statement.class);

	final List<Duration> waits = new CopyOnWriteArrayList<>();

	final CountDownLatch stopped = new CountDownLatch(1);

	PostgresJobEvents events = new PostgresJobEvents(this.notifications, this.dataSource, this.waits::add);

	@AfterEach
	void stop() {
		this.stopped.countDown();
		this.events.stop();
	}

	@Test
	void reconnectsAfterTheConfiguredWaitOfTheSleeperAndDeliversWhatItHearsThen() throws Exception {
		Connection second = connection(this.jobId + ":7", this.jobId.toString());
		given(this.dataSource.getConnection()).willThrow(new SQLException("connection refused")).willReturn(second);
		List<String> received = new CopyOnWriteArrayList<>();
		this.events.subscribe((job, ordinal) -> received.add(job + "/" + ordinal));
		AtomicInteger resyncs = new AtomicInteger();
		this.events.onReconnect(resyncs::incrementAndGet);

		this.events.start();

		assertThat(this.waits).containsExactly(PostgresJobEvents.RECONNECT_WAIT);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).hasSize(2));
		assertThat(received).containsExactly(this.jobId + "/7", this.jobId + "/null");
		assertThat(resyncs).as("never listened before: nothing was missed").hasValue(0);
	}

	@Test
	void listeningAgainAfterALostConnectionTellsItsReconnectListenersOnce() throws Exception {
		Connection lost = connection();
		PGConnection lostPg = lost.unwrap(PGConnection.class);
		given(lostPg.getNotifications(anyInt())).willThrow(new SQLException("terminating connection"));
		Connection second = connection();
		given(this.dataSource.getConnection()).willReturn(lost).willReturn(second);
		AtomicInteger resyncs = new AtomicInteger();
		this.events.onReconnect(resyncs::incrementAndGet);

		this.events.start();

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(resyncs).hasValue(1));
		assertThat(this.waits).containsExactly(PostgresJobEvents.RECONNECT_WAIT);
	}

	@Test
	void startsOnlyOnceItListensAndBeforeTheWebServer() throws Exception {
		Connection connection = connection();
		// the pool hands out the connection only once start() waits: a start() that does
		// not wait for the listener returns before LISTEN
		Thread starter = Thread.currentThread();
		given(this.dataSource.getConnection()).willAnswer((call) -> {
			await().atMost(Duration.ofSeconds(5)).until(() -> starter.getState() == Thread.State.TIMED_WAITING);
			return connection;
		});

		this.events.start();

		// no wait: a replica that takes requests before it listens loses the first events
		verify(this.statement).execute("LISTEN " + PostgresJobEvents.CHANNEL);
		assertThat(this.events.isRunning()).isTrue();
		assertThat(this.events.getPhase()).isLessThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 2048);
	}

	@Test
	void notifiesThroughTheRepositoryAndSwallowsAFailedNotification() {
		this.events.trialPersisted(this.jobId, 3);
		this.events.jobChanged(this.jobId);
		verify(this.notifications).send(PostgresJobEvents.CHANNEL, this.jobId + ":3");
		verify(this.notifications).send(PostgresJobEvents.CHANNEL, this.jobId.toString());

		willThrow(new DataAccessResourceFailureException("pool exhausted")).given(this.notifications)
			.send(anyString(), anyString());
		this.events.jobChanged(this.jobId); // a lost notification is not the caller's
											// failure
	}

	/**
	 * A connection whose first poll returns the payloads, later polls nothing (after
	 * waiting for the test's end, at most the poll's timeout).
	 */
	private Connection connection(String... payloads) throws SQLException {
		Connection connection = mock(Connection.class);
		given(connection.createStatement()).willReturn(this.statement);
		PGConnection pg = mock(PGConnection.class);
		given(connection.unwrap(PGConnection.class)).willReturn(pg);
		PGNotification[] first = new PGNotification[payloads.length];
		for (int i = 0; i < payloads.length; i++) {
			first[i] = mock(PGNotification.class);
			given(first[i].getParameter()).willReturn(payloads[i]);
		}
		AtomicBoolean polled = new AtomicBoolean();
		given(pg.getNotifications(anyInt())).willAnswer((call) -> {
			if (polled.compareAndSet(false, true)) {
				return first;
			}
			this.stopped.await(call.<Integer>getArgument(0), TimeUnit.MILLISECONDS);
			return null;
		});
		return connection;
	}

}
