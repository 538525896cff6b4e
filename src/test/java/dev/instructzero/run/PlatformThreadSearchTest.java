package dev.instructzero.run;

import dev.instructzero.bo.KernelChoice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proposals are computed on platform threads, so a job's seconds-long fit on a virtual
 * thread no longer stops the replica's other virtual threads.
 */
class PlatformThreadSearchTest {

	private static final Duration SPIN_LIMIT = Duration.ofSeconds(20);

	@Test
	void otherVirtualThreadsRunWhileEveryCoreIsFitting() throws Exception {
		int cores = Runtime.getRuntime().availableProcessors();
		AtomicBoolean released = new AtomicBoolean();
		AtomicBoolean spunToTheLimit = new AtomicBoolean();
		// a fit that holds its thread on the CPU until released (or the limit)
		SoftPromptSearch cpuBound = new FixedSearch() {
			@Override
			public List<double[]> propose(List<Observation> observed, KernelChoice kernel, int q, long seed) {
				long end = System.nanoTime() + SPIN_LIMIT.toNanos();
				while (!released.get()) {
					if (System.nanoTime() > end) {
						spunToTheLimit.set(true);
						break;
					}
					Thread.onSpinWait();
				}
				return super.propose(observed, kernel, q, seed);
			}
		};
		SoftPromptSearch search = new PlatformThreadSearch(cpuBound, cores);
		try (ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<List<double[]>>> fits = new ArrayList<>();
			for (int i = 0; i < cores; i++) {
				// as many fitting jobs as there are carriers of virtual threads
				fits.add(jobs.submit(() -> search.propose(List.of(), KernelChoice.INSTRUCTION_COUPLED, 1, 0)));
			}
			// another virtual thread (an HTTP request, a candidate mid-transaction) runs
			// and lets the fits end
			CompletableFuture<Void> other = CompletableFuture.runAsync(() -> released.set(true), jobs);
			other.get(SPIN_LIMIT.toSeconds() * 2, TimeUnit.SECONDS);
			for (Future<List<double[]>> fit : fits) {
				assertThat(fit.get(SPIN_LIMIT.toSeconds() * 2, TimeUnit.SECONDS)).hasSize(1);
			}
		}
		assertThat(spunToTheLimit).as("a fit kept every carrier until its limit").isFalse();
	}

	@Test
	void answersAndFailsAsTheSearchItWraps() throws InterruptedException {
		SoftPromptSearch search = new PlatformThreadSearch(new FixedSearch(), 1);
		assertThat(search.initialDesign(3, 2, 7)).hasSize(3).allSatisfy((z) -> assertThat(z).hasSize(2));
		List<Boolean> onVirtual = new java.util.concurrent.CopyOnWriteArrayList<>();
		SoftPromptSearch recording = new PlatformThreadSearch(new FixedSearch() {
			@Override
			public List<double[]> proposeReplacements(List<Observation> observed, int firstRound, long firstRoundSeed,
					KernelChoice kernel, int q, long seed) {
				onVirtual.add(Thread.currentThread().isVirtual());
				throw new IllegalArgumentException("bad observations");
			}
		}, 1);
		Thread.ofVirtual().start(() -> {
			try {
				recording.proposeReplacements(List.of(), 0, 0, KernelChoice.LATENT, 2, 0);
			}
			catch (IllegalArgumentException expected) {
				// asserted below, from a platform caller
			}
		}).join();
		assertThatThrownBy(() -> recording.proposeReplacements(List.of(), 0, 0, KernelChoice.LATENT, 2, 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("bad observations");
		assertThat(onVirtual).containsExactly(false, false);
	}

	@Test
	void passesEveryMethodOnIncludingTheDefaultOnes() throws NoSuchMethodException {
		// a default method left to the interface would bypass the wrapped search (the
		// scored proposal would report no log EI, and a budget-driven job never converge)
		for (java.lang.reflect.Method method : SoftPromptSearch.class.getMethods()) {
			assertThat(PlatformThreadSearch.class.getDeclaredMethod(method.getName(), method.getParameterTypes()))
				.as(method.getName())
				.isNotNull();
		}
		SoftPromptSearch scored = new PlatformThreadSearch(new FixedSearch() {
			@Override
			public Proposed proposeScored(List<Observation> observed, KernelChoice kernel, int q, long seed) {
				return new Proposed(propose(observed, kernel, q, seed), -3.5);
			}
		}, 1);
		assertThat(scored.proposeScored(List.of(), KernelChoice.LATENT, 2, 0).bestLogExpectedImprovement())
			.isEqualTo(-3.5);
	}

	/** Points of constant value, one per requested point. */
	private static class FixedSearch implements SoftPromptSearch {

		@Override
		public List<double[]> initialDesign(int count, int dimension, long seed) {
			List<double[]> points = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				points.add(new double[dimension]);
			}
			return points;
		}

		@Override
		public List<double[]> propose(List<Observation> observed, KernelChoice kernel, int q, long seed) {
			return initialDesign(q, 10, seed);
		}

	}

}
