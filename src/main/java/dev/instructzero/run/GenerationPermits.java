package dev.instructzero.run;

import java.util.concurrent.Semaphore;

/**
 * Admission of vLLM generations on this replica, shared by every job: at most
 * {@code concurrency} requests in flight, and their {@code prompt_embeds} payloads
 * together at most {@code capacityBytes}. A soft-prompt request carries the whole prompt
 * as a tensor (tens of MB for 50 long exemplars on a 13B model, plus its zip and base64
 * copies), so a count alone would let a few large jobs exhaust the heap. Both gates are
 * fair, so a large payload waiting for room is not starved by small ones; a payload
 * larger than the capacity is admitted alone.
 */
public final class GenerationPermits {

	/** The byte gate counts in KiB so that a few GB fit in a semaphore's int permits. */
	private static final int UNIT = 1024;

	private final Semaphore requests;

	private final Semaphore kibibytes;

	private final int capacityKib;

	public GenerationPermits(int concurrency, long capacityBytes) {
		if (concurrency < 1 || capacityBytes < UNIT) {
			throw new IllegalArgumentException(
					"need at least 1 request and 1 KiB, got " + concurrency + " and " + capacityBytes + " bytes");
		}
		this.capacityKib = (int) Math.min(Integer.MAX_VALUE, capacityBytes / UNIT);
		this.requests = new Semaphore(concurrency, true);
		this.kibibytes = new Semaphore(this.capacityKib, true);
	}

	/**
	 * Waits for room for one request of {@code payloadBytes}.
	 * @return the ticket to hand to {@link #release(Ticket)}
	 * @throws InterruptedException when interrupted while waiting (nothing is held then)
	 */
	Ticket acquire(long payloadBytes) throws InterruptedException {
		int weight = (int) Math.clamp(Math.ceilDiv(Math.max(payloadBytes, 0), UNIT), 1, this.capacityKib);
		this.requests.acquire();
		try {
			this.kibibytes.acquire(weight);
		}
		catch (InterruptedException ex) {
			this.requests.release();
			throw ex;
		}
		return new Ticket(weight);
	}

	void release(Ticket ticket) {
		this.kibibytes.release(ticket.kibibytes());
		this.requests.release();
	}

	/** Bytes free for payloads now (for tests and metrics). */
	long availableBytes() {
		return (long) this.kibibytes.availablePermits() * UNIT;
	}

	/** Requests that may start now. */
	int availableRequests() {
		return this.requests.availablePermits();
	}

	/** What one admitted request holds. */
	record Ticket(int kibibytes) {
	}

}
