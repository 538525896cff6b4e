package dev.instructzero.generator;

import org.jspecify.annotations.Nullable;

/**
 * Generating an instruction failed. {@link #reason()} tells the job engine whether to
 * pause and retry later ({@link Reason#UNAVAILABLE}) or to fail the job (the others).
 */
public class GenerationFailedException extends RuntimeException {

	/** Why generation failed. */
	public enum Reason {

		/**
		 * Connection refused, timeouts, 5xx or 429 persisted through every retry; the
		 * server may come back.
		 */
		UNAVAILABLE,

		/** The server refused the request (a 4xx other than 429); its message is kept. */
		REJECTED,

		/**
		 * The sequence plus {@code max_tokens} exceeds the model's {@code max_model_len}.
		 */
		SEQUENCE_TOO_LONG,

		/** The server answered 2xx with a body that is not the expected JSON. */
		BAD_RESPONSE

	}

	private final Reason reason;

	private final int attempts;

	/**
	 * @param reason why
	 * @param message what failed, with the server's message where there is one
	 * @param attempts HTTP attempts made (0 when none was made)
	 * @param cause the last underlying failure, or {@code null}
	 */
	public GenerationFailedException(Reason reason, String message, int attempts, @Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.attempts = attempts;
	}

	/** Why generation failed. */
	public Reason reason() {
		return this.reason;
	}

	/** HTTP attempts made for the failed call. */
	public int attempts() {
		return this.attempts;
	}

	/** Whether trying again later may succeed (the server was unavailable). */
	public boolean isTransient() {
		return this.reason == Reason.UNAVAILABLE;
	}

}
