package dev.instructzero.web;

/**
 * This replica cannot take the request now: it is at a capacity limit, or shutting down
 * ({@link #shuttingDown}); {@link ProblemHandler} answers it as a 429 or 503 problem, and
 * the caller may retry later (elsewhere).
 */
public class OverloadedException extends RuntimeException {

	private final boolean shuttingDown;

	private OverloadedException(String detail, boolean shuttingDown) {
		super(detail);
		this.shuttingDown = shuttingDown;
	}

	/** A capacity limit of this replica is reached (429). */
	public static OverloadedException atCapacity(String detail) {
		return new OverloadedException(detail, false);
	}

	/** This replica is shutting down (503). */
	public static OverloadedException shuttingDown(String detail) {
		return new OverloadedException(detail, true);
	}

	public boolean shuttingDown() {
		return this.shuttingDown;
	}

}
