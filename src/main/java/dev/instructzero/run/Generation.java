package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.UUID;
import java.util.function.Supplier;

import dev.instructzero.generator.GeneratedInstruction;

/**
 * The first step of a candidate: its instruction from the candidate source, under a
 * generation permit, timed and traced.
 */
final class Generation {

	private final UUID jobId;

	private final CandidateSource source;

	private final RunServices services;

	Generation(UUID jobId, CandidateSource source, RunServices services) {
		this.jobId = jobId;
		this.source = source;
		this.services = services;
	}

	/** The normalised instruction of candidate {@code ordinal}. */
	Generated generate(int ordinal, double @Nullable [] z) {
		long started = System.nanoTime();
		GeneratedInstruction generated = this.services.observations()
			.observe(JobObservations.GENERATION, "generation", this.jobId,
					() -> withPermit(this.source.payloadBytes(), () -> this.source.instruction(ordinal, z)));
		String instruction = normalise(generated.instruction());
		long nanos = System.nanoTime() - started;
		this.services.metrics().recordGeneration(nanos);
		return new Generated(instruction, generated.rawReply(), nanos);
	}

	private <T> T withPermit(long payloadBytes, Supplier<T> work) {
		GenerationPermits permits = this.services.permits();
		GenerationPermits.Ticket ticket;
		try {
			ticket = permits.acquire(payloadBytes);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobInterruptedException("interrupted while waiting to generate", ex);
		}
		try {
			return work.get();
		}
		finally {
			permits.release(ticket);
		}
	}

	/** Same text up to surrounding and repeated whitespace = same instruction. */
	static String normalise(String instruction) {
		return (instruction == null) ? "" : instruction.strip().replaceAll("\\s+", " ");
	}

	/** A generated instruction (empty if the reply held none) and what it took. */
	record Generated(String instruction, String rawReply, long nanos) {

		long millis() {
			return this.nanos / 1_000_000;
		}

	}

}
