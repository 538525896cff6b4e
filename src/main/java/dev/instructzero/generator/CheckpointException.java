package dev.instructzero.generator;

/**
 * The checkpoint directory cannot give the input-embedding table: a missing file, a
 * missing tensor, an unsupported dtype or layout, or a hidden size that does not match
 * the soft prompt. The message names the file and the tensor. The health indicator
 * reports it, so an instance with a broken checkpoint is not ready.
 */
public class CheckpointException extends RuntimeException {

	/**
	 * @param message what is wrong, naming file and tensor
	 */
	public CheckpointException(String message) {
		super(message);
	}

	/**
	 * @param message what is wrong, naming file and tensor
	 * @param cause the underlying failure
	 */
	public CheckpointException(String message, Throwable cause) {
		super(message, cause);
	}

}
