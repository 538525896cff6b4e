package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.List;

import dev.instructzero.bo.KernelChoice;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * A {@link SoftPromptSearch} whose work runs on a small pool of platform threads while
 * the calling job (a JobRunr worker, a virtual thread) waits unmounted.
 *
 * <p>
 * A Gaussian-process fit is seconds of CPU. On a virtual thread it holds its carrier for
 * all that time (virtual threads are not preempted), and the carriers are as many as the
 * cores: two jobs fitting at once on a 2-core replica stopped every other virtual thread
 * — HTTP requests, and candidates holding a database connection in the middle of a
 * transaction — for seconds, until the connection pool timed out and jobs failed
 * (measured with 8 concurrent jobs, see docs/benchmarks.md, "Scale"). Platform threads
 * are time-sliced by the operating system, so the rest of the replica keeps running; the
 * pool (one thread per core) also bounds how many fits compete for the CPU.
 */
public final class PlatformThreadSearch implements SoftPromptSearch {

	private final SoftPromptSearch delegate;

	private final ExecutorService threads;

	public PlatformThreadSearch(SoftPromptSearch delegate, int threads) {
		this.delegate = delegate;
		ThreadFactory factory = Thread.ofPlatform().daemon().name("soft-prompt-search-", 1).factory();
		this.threads = Executors.newFixedThreadPool(threads, factory);
	}

	@Override
	public List<double[]> initialDesign(int count, int dimension, long seed) {
		return onPlatformThread(() -> this.delegate.initialDesign(count, dimension, seed));
	}

	@Override
	public List<double[]> propose(List<Observation> observed, KernelChoice kernel, int q, long seed) {
		return onPlatformThread(() -> this.delegate.propose(observed, kernel, q, seed));
	}

	@Override
	public Proposed proposeScored(List<Observation> observed, KernelChoice kernel, int q, long seed) {
		return onPlatformThread(() -> this.delegate.proposeScored(observed, kernel, q, seed));
	}

	@Override
	public List<double[]> proposeReplacements(List<Observation> observed, int firstRound, long firstRoundSeed,
			KernelChoice kernel, int q, long seed) {
		return onPlatformThread(
				() -> this.delegate.proposeReplacements(observed, firstRound, firstRoundSeed, kernel, q, seed));
	}

	@Override
	public PendingProposed proposePending(List<Observation> observed, List<double[]> pending, KernelChoice kernel,
			int q, long seed, dev.instructzero.bo.@Nullable FittedHyperparameters warmStart) {
		return onPlatformThread(() -> this.delegate.proposePending(observed, pending, kernel, q, seed, warmStart));
	}

	private <T> T onPlatformThread(Callable<T> work) {
		Future<T> result = this.threads.submit(work);
		try {
			return result.get();
		}
		catch (InterruptedException ex) {
			result.cancel(true);
			Thread.currentThread().interrupt();
			throw new JobInterruptedException("interrupted while proposing soft prompts", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

}
