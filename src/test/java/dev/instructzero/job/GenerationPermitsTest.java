package dev.instructzero.job;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GenerationPermitsTest {

	@Test
	void aPayloadWaitsUntilTheBytesInFlightLeaveItRoom() throws Exception {
		GenerationPermits permits = new GenerationPermits(8, 10 * 1024);
		GenerationPermits.Ticket first = permits.acquire(6 * 1024);
		assertThat(permits.availableBytes()).isEqualTo(4 * 1024);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			CompletableFuture<GenerationPermits.Ticket> second = CompletableFuture.supplyAsync(() -> {
				try {
					return permits.acquire(5 * 1024);
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			}, threads);
			// a small one still fits next to the first
			GenerationPermits.Ticket small = permits.acquire(100);
			assertThat(second).isNotDone();
			permits.release(first);
			GenerationPermits.Ticket admitted = second.get();
			assertThat(admitted.kibibytes()).isEqualTo(5);
			assertThat(permits.availableBytes()).isEqualTo(4 * 1024);
			permits.release(admitted);
			permits.release(small);
		}
		assertThat(permits.availableBytes()).isEqualTo(10 * 1024);
		assertThat(permits.availableRequests()).isEqualTo(8);
	}

	@Test
	void aPayloadLargerThanTheCapacityRunsAlone() throws Exception {
		GenerationPermits permits = new GenerationPermits(8, 10 * 1024);
		GenerationPermits.Ticket huge = permits.acquire(1L << 40);
		assertThat(permits.availableBytes()).isZero();
		CompletableFuture<GenerationPermits.Ticket> next = CompletableFuture.supplyAsync(() -> {
			try {
				return permits.acquire(0);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(next).isNotDone();
		permits.release(huge);
		await().atMost(Duration.ofSeconds(10)).until(next::isDone);
		assertThat(next.get().kibibytes()).isEqualTo(1);
	}

	@Test
	void theRequestCountStillBounds() throws Exception {
		GenerationPermits permits = new GenerationPermits(1, 1 << 20);
		GenerationPermits.Ticket only = permits.acquire(10);
		assertThat(permits.availableRequests()).isZero();
		permits.release(only);
		assertThat(permits.availableRequests()).isOne();
	}

}
