package dev.instructzero.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Riding out an outage on a fake clock that the waits advance. */
class OutageTest {

	private static final Outage OUTAGE = Outage.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30),
			Duration.ofMinutes(2));

	private final AtomicLong now = new AtomicLong();

	private final List<Duration> waits = new ArrayList<>();

	private final Sleeper clockSleeper = (wait) -> {
		this.waits.add(wait);
		this.now.addAndGet(wait.toNanos());
	};

	private final List<String> logged = new ArrayList<>();

	private final Outage.Handler handler = new Outage.Handler() {

		@Override
		public void beforeWait(RuntimeException failure, Duration wait) {
			OutageTest.this.logged.add(failure.getMessage() + " " + wait);
		}

		@Override
		public RuntimeException interrupted(RuntimeException failure, InterruptedException ex) {
			return new IllegalStateException("interrupted after " + failure.getMessage(), ex);
		}

	};

	@Test
	void waitsDoublingUpToTheCapAndStopsWhenTheNextWaitWouldEndPastTheLimit() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatThrownBy(() -> OUTAGE.rideOut(() -> {
			throw new IllegalStateException("down " + attempts.incrementAndGet());
		}, (ex) -> true, this.clockSleeper, this.now::get, this.handler)).hasMessage("down 8");
		// 1+2+4+8+16+30+30 = 91 s; another 30 s would end at 121 s, past the 120 s limit
		assertThat(this.waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
		assertThat(this.logged).hasSize(7).first().isEqualTo("down 1 PT1S");
	}

	@Test
	void returnsOnceTheWorkSucceeds() {
		AtomicInteger attempts = new AtomicInteger();
		OUTAGE.rideOut(() -> {
			if (attempts.incrementAndGet() < 3) {
				throw new IllegalStateException("down");
			}
		}, (ex) -> true, this.clockSleeper, this.now::get, this.handler);
		assertThat(attempts).hasValue(3);
		assertThat(this.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
	}

	@Test
	void aFailureThatDoesNotPassIsThrownAtOnce() {
		IllegalArgumentException refused = new IllegalArgumentException("constraint violated");
		assertThatThrownBy(() -> OUTAGE.rideOut(() -> {
			throw refused;
		}, (ex) -> !(ex instanceof IllegalArgumentException), this.clockSleeper, this.now::get, this.handler))
			.isSameAs(refused);
		assertThat(this.waits).isEmpty();
	}

	@Test
	void anInterruptedWaitThrowsTheCallersExceptionWithTheFlagSet() {
		Sleeper interrupted = (wait) -> {
			throw new InterruptedException("stop");
		};
		try {
			assertThatThrownBy(() -> OUTAGE.rideOut(() -> {
				throw new IllegalStateException("down");
			}, (ex) -> true, interrupted, this.now::get, this.handler)).hasMessage("interrupted after down")
				.hasCauseInstanceOf(InterruptedException.class);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

}
