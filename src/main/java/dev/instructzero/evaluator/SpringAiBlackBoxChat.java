package dev.instructzero.evaluator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import dev.instructzero.retry.RetryPolicy;
import dev.instructzero.task.PromptTemplate;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * The black box through Spring AI's {@link OpenAiChatModel} (OpenAI Java SDK over OkHttp)
 * against any OpenAI-compatible server. The model is built here rather than taken from
 * Spring AI's auto-configuration so that the SDK's own retries are off
 * ({@code maxRetries(0)}) and each attempt has the evaluator's timeout: the evaluator's
 * retry policy is the only one in force.
 */
class SpringAiBlackBoxChat implements BlackBoxChat {

	private final OpenAiChatModel chatModel;

	private final Duration timeout;

	/**
	 * @param baseUrl e.g. {@code https://api.openai.com/v1}; {@code null} for OpenAI
	 * @param apiKey the key; {@code null} lets the SDK look for {@code OPENAI_API_KEY}
	 * @param defaultModel the model used when a call names none
	 * @param timeout per-attempt timeout
	 */
	SpringAiBlackBoxChat(@Nullable String baseUrl, @Nullable String apiKey, String defaultModel, Duration timeout) {
		this(baseUrl, apiKey, defaultModel, timeout, ObservationRegistry.NOOP);
	}

	/**
	 * As above, with Spring AI's own observations of each call ({@code gen_ai.client.*}
	 * spans and metrics) recorded in {@code observations}.
	 */
	SpringAiBlackBoxChat(@Nullable String baseUrl, @Nullable String apiKey, String defaultModel, Duration timeout,
			ObservationRegistry observations) {
		OpenAiChatOptions.Builder options = OpenAiChatOptions.builder();
		if (baseUrl != null && !baseUrl.isBlank()) {
			options.baseUrl(baseUrl);
		}
		if (apiKey != null && !apiKey.isBlank()) {
			options.apiKey(apiKey);
		}
		options.model(defaultModel).timeout(timeout).maxRetries(0);
		this.timeout = timeout;
		this.chatModel = OpenAiChatModel.builder().options(options.build()).observationRegistry(observations).build();
	}

	@Override
	public ChatReply complete(ChatCall call) {
		OpenAiChatOptions.Builder options = OpenAiChatOptions.builder();
		// per call too: call options carry their own default timeout, which would win the
		// merge
		options.model(call.model()).timeout(this.timeout).maxRetries(0);
		if (call.temperature() != null) {
			options.temperature(call.temperature());
		}
		if (call.maxCompletionTokens()) {
			options.maxCompletionTokens(call.maxTokens());
		}
		else {
			options.maxTokens(call.maxTokens());
		}
		Prompt prompt = new Prompt(call.messages().stream().map(SpringAiBlackBoxChat::toMessage).toList(),
				options.build());
		ChatResponse response;
		try {
			response = this.chatModel.call(prompt);
		}
		catch (UnauthorizedException | PermissionDeniedException ex) {
			throw new BlackBoxAuthenticationException(
					"the black-box endpoint rejected the request with HTTP " + ex.statusCode() + " for model "
							+ call.model() + ": check spring.ai.openai.api-key (and that the key may use this model)",
					ex);
		}
		catch (OpenAIServiceException ex) {
			int status = ex.statusCode();
			if (status == 408 || status == 409 || status == 429 || status >= 500) {
				throw new RetryableBlackBoxFailure("http_" + status, "HTTP " + status + " from the black box",
						retryAfter(ex), ex);
			}
			throw new BlackBoxException(
					"the black box answered HTTP " + status + " for model " + call.model() + ": " + ex.getMessage(),
					ex);
		}
		catch (OpenAIIoException | OpenAIRetryableException ex) {
			throw new RetryableBlackBoxFailure("io", "black-box call failed: " + ex.getMessage(), null, ex);
		}
		catch (OpenAIException ex) {
			// e.g. a 200 whose body is not a chat completion: a server problem retrying
			// won't fix
			throw new BlackBoxException(
					"unexpected answer from the black box for model " + call.model() + ": " + ex.getMessage(), ex);
		}
		return toReply(response);
	}

	private static Message toMessage(PromptTemplate.Message message) {
		return switch (message.role()) {
			case SYSTEM -> new SystemMessage(message.content());
			case USER -> new UserMessage(message.content());
			case ASSISTANT -> new AssistantMessage(message.content());
		};
	}

	private static ChatReply toReply(ChatResponse response) {
		Generation generation = (response != null) ? response.getResult() : null;
		String text = "";
		String finishReason = null;
		if (generation != null) {
			String content = (generation.getOutput() != null) ? generation.getOutput().getText() : null;
			text = (content != null) ? content : "";
			finishReason = (generation.getMetadata() != null) ? generation.getMetadata().getFinishReason() : null;
		}
		int tokensIn = 0;
		int tokensOut = 0;
		Usage usage = (response != null && response.getMetadata() != null) ? response.getMetadata().getUsage() : null;
		if (usage != null) {
			tokensIn = (usage.getPromptTokens() != null) ? usage.getPromptTokens() : 0;
			tokensOut = (usage.getCompletionTokens() != null) ? usage.getCompletionTokens() : 0;
		}
		return new ChatReply(text, finishReason, tokensIn, tokensOut);
	}

	/**
	 * {@code retry-after-ms} (OpenAI), else {@code Retry-After} in seconds or as an HTTP
	 * date ({@link RetryPolicy#parseRetryAfter}); {@code null} when neither is usable.
	 */
	static @Nullable Duration retryAfter(OpenAIServiceException ex) {
		List<String> millis = ex.headers().values("retry-after-ms");
		if (!millis.isEmpty()) {
			try {
				return Duration.ofMillis((long) Double.parseDouble(millis.get(0).trim()));
			}
			catch (NumberFormatException ignored) {
				// fall through to Retry-After
			}
		}
		List<String> values = ex.headers().values("retry-after");
		return values.isEmpty() ? null : RetryPolicy.parseRetryAfter(values.get(0), Instant.now());
	}

}
