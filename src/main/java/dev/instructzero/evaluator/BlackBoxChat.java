package dev.instructzero.evaluator;

/**
 * One attempt of a chat completion against the black box, without retries: the OpenAI
 * endpoint through Spring AI, or the sandbox's simulated model.
 */
public interface BlackBoxChat {

	/**
	 * Sends the call once.
	 * @throws RetryableBlackBoxFailure on 408, 409, 429, 5xx, timeouts and I/O errors
	 * @throws BlackBoxAuthenticationException on 401 and 403
	 * @throws BlackBoxException on any other error answer
	 */
	ChatReply complete(ChatCall call);

}
