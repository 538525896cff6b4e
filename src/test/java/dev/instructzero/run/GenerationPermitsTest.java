package dev.instructzero.run;

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
		GenerationPermits.Ticket small = permits.acquire(100); // rounds up to 1 KiB
		assertThat(permits.availableBytes()).isEqualTo(3 * 1024);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			CompletableFuture<GenerationPermits.Ticket> second = CompletableFuture.supplyAsync(() -> {
				try {
					return permits.acquire(5 * 1024);
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			}, threads);
			// 5 KiB do not fit in the 3 KiB left, however long it waits
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
			permits.release(first);
			GenerationPermits.Ticket admitted = second.get(10, java.util.concurrent.TimeUnit.SECONDS);
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
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !next.isDone());
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
