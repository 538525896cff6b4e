package dev.instructzero.generator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.instructzero.retry.RetryPolicy;
import dev.instructzero.retry.RetryableFailure;
import dev.instructzero.retry.Sleeper;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * The two vLLM endpoints the generator needs ({@code POST /tokenize},
 * {@code POST /v1/completions}) plus {@code GET /v1/models} for health. Connection
 * failures, timeouts, 5xx and 429 are retried with capped exponential backoff (a 429's
 * {@code Retry-After} is honoured, up to the cap); other 4xx are not retried.
 */
final class VllmClient {

	private static final Logger logger = LoggerFactory.getLogger(VllmClient.class);

	private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Reply of {@code /tokenize}: token ids (BOS included) and the model's context
	 * length.
	 */
	record Tokenized(int[] tokens, int maxModelLen) {
	}

	private final RestClient http;

	private final RestClient healthHttp;

	private final GeneratorProperties.Vllm vllm;

	private final RetryPolicy retry;

	private final JsonMapper json;

	private final Sleeper sleeper;

	VllmClient(GeneratorProperties.Vllm vllm, GeneratorProperties.Retry retry, JsonMapper json, Sleeper sleeper) {
		this.vllm = vllm;
		// no jitter; a 429's Retry-After is honoured up to the backoff cap
		this.retry = new RetryPolicy(retry.maxAttempts(), retry.initialBackoff(), retry.multiplier(),
				retry.maxBackoff(), false, retry.maxBackoff(), RetryPolicy.LongRetryAfter.CAP);
		this.json = json;
		this.sleeper = sleeper;
		this.http = restClient(vllm, vllm.readTimeout());
		// a health check must answer quickly even when vLLM hangs
		this.healthHttp = restClient(vllm,
				(vllm.readTimeout().compareTo(HEALTH_TIMEOUT) < 0) ? vllm.readTimeout() : HEALTH_TIMEOUT);
	}

	private static RestClient restClient(GeneratorProperties.Vllm vllm, Duration readTimeout) {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(vllm.connectTimeout())
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
		requests.setReadTimeout(readTimeout);
		RestClient.Builder builder = RestClient.builder()
			.baseUrl(stripSlash(Objects.requireNonNull(vllm.baseUrl(), "instructzero.generator.vllm.base-url")))
			.requestFactory(requests)
			.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		if (vllm.apiKey() != null && !vllm.apiKey().isBlank()) {
			builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + vllm.apiKey());
		}
		return builder.build();
	}

	/**
	 * Tokenises {@code text} with the model's special tokens (BOS).
	 * @throws GenerationFailedException when vLLM refuses, stays unavailable or answers
	 * garbage
	 */
	Tokenized tokenize(String text) {
		ObjectNode body = this.json.createObjectNode();
		body.put("model", this.vllm.model());
		body.put("prompt", text);
		body.put("add_special_tokens", true);
		JsonNode reply = post("/tokenize", body);
		JsonNode tokens = reply.path("tokens");
		JsonNode maxModelLen = reply.path("max_model_len");
		if (!tokens.isArray() || !maxModelLen.isNumber()) {
			throw new GenerationFailedException(GenerationFailedException.Reason.BAD_RESPONSE,
					"vLLM /tokenize answered without tokens or max_model_len: " + abbreviate(reply.toString()), 1,
					null);
		}
		int[] ids = new int[tokens.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = tokens.get(i).asInt();
		}
		return new Tokenized(ids, maxModelLen.asInt());
	}

	/**
	 * Greedy completion of a sequence given as embeddings. Never sends penalties: with
	 * prompt embeddings they can crash the engine (vLLM issue #57719).
	 * @param promptEmbeds base64 of the torch.save bytes of [seq_len, hidden]
	 * @param maxTokens new tokens
	 * @return the completion's text, possibly empty
	 * @throws GenerationFailedException when vLLM refuses, stays unavailable or answers
	 * garbage
	 */
	String complete(String promptEmbeds, int maxTokens) {
		return complete((out) -> out.write(promptEmbeds.getBytes(StandardCharsets.US_ASCII)), maxTokens);
	}

	/**
	 * As {@link #complete(String, int)}, with the base64 streamed into the request body
	 * as it is encoded (no copy of the megabytes of a large model's tensor on the heap);
	 * a retry streams it again.
	 */
	String complete(PromptEmbeds promptEmbeds, int maxTokens) {
		byte[] head = ("{\"model\":" + this.json.writeValueAsString(this.vllm.model()) + ",\"prompt_embeds\":\"")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = (",\"max_tokens\":" + maxTokens + ",\"temperature\":0.0}").getBytes(StandardCharsets.UTF_8);
		JsonNode reply = post("/v1/completions", (out) -> {
			out.write(head);
			promptEmbeds.writeBase64(out);
			out.write('"');
			out.write(tail);
		});
		JsonNode text = reply.path("choices").path(0).path("text");
		if (!text.isString()) {
			throw new GenerationFailedException(GenerationFailedException.Reason.BAD_RESPONSE,
					"vLLM /v1/completions answered without choices[0].text: " + abbreviate(reply.toString()), 1, null);
		}
		return text.asString();
	}

	/** Writes the base64 of a {@code prompt_embeds} tensor (no quotes). */
	@FunctionalInterface
	interface PromptEmbeds {

		void writeBase64(OutputStream out) throws IOException;

	}

	/**
	 * The served model names, in one attempt with a read timeout of at most 5 s (for
	 * health checks).
	 * @throws RuntimeException on any failure
	 */
	List<String> models() {
		String reply = this.healthHttp.get().uri("/v1/models").retrieve().body(String.class);
		List<String> names = new ArrayList<>();
		for (JsonNode model : this.json.readTree(reply).path("data")) {
			names.add(model.path("id").asString(""));
		}
		return names;
	}

	// a client is built only for a configured vLLM (GeneratorProperties.isConfigured)
	String baseUrl() {
		return Objects.requireNonNull(this.vllm.baseUrl());
	}

	String model() {
		return Objects.requireNonNull(this.vllm.model());
	}

	private JsonNode post(String path, ObjectNode body) {
		String payload = this.json.writeValueAsString(body);
		return post(path, (out) -> out.write(payload.getBytes(StandardCharsets.UTF_8)));
	}

	private JsonNode post(String path, StreamingHttpOutputMessage.Body payload) {
		String reply = withRetry("POST " + path,
				() -> this.http.post()
					.uri(path)
					.contentType(MediaType.APPLICATION_JSON)
					.body(payload)
					.retrieve()
					.body(String.class));
		try {
			return this.json.readTree((reply != null) ? reply : "");
		}
		catch (JacksonException ex) {
			throw new GenerationFailedException(GenerationFailedException.Reason.BAD_RESPONSE,
					"vLLM " + path + " answered a body that is not JSON: " + abbreviate(reply), 1, ex);
		}
	}

	private <T> T withRetry(String operation, Supplier<T> call) {
		return this.retry.call((attempt) -> {
			try {
				return call.get();
			}
			catch (RestClientResponseException ex) {
				int status = ex.getStatusCode().value();
				if (status != 429 && status < 500) {
					throw new GenerationFailedException(GenerationFailedException.Reason.REJECTED,
							"vLLM refused " + operation + " with " + status + ": " + serverMessage(ex), attempt, ex);
				}
				throw new RetryableFailure("http_" + status, describe(ex), retryAfter(ex), ex);
			}
			catch (ResourceAccessException ex) {
				// connection refused or reset, timeouts
				throw new RetryableFailure("io", describe(ex), null, ex);
			}
		}, this.sleeper, new RetryPolicy.Handler() {

			@Override
			public void beforeRetry(int attempt, RetryableFailure failure, Duration wait) {
				logger.warn("{} failed (attempt {} of {}): {}; retrying in {} ms", operation, attempt,
						VllmClient.this.retry.maxAttempts(), failure.getMessage(), wait.toMillis());
			}

			@Override
			public RuntimeException gaveUp(int attempts, RetryableFailure last) {
				return new GenerationFailedException(GenerationFailedException.Reason.UNAVAILABLE,
						"vLLM at " + VllmClient.this.vllm.baseUrl() + " unavailable for " + operation + " after "
								+ attempts + " attempts: " + last.getMessage(),
						attempts, last.getCause());
			}

			@Override
			public RuntimeException interrupted(int attempt, InterruptedException ex) {
				return new GenerationFailedException(GenerationFailedException.Reason.UNAVAILABLE,
						"interrupted while waiting to retry " + operation, attempt, ex);
			}

		});
	}

	/** A 429's Retry-After, or {@code null} for backoff. */
	private static @Nullable Duration retryAfter(RestClientResponseException ex) {
		HttpHeaders headers = ex.getResponseHeaders();
		String value = (headers != null) ? headers.getFirst(HttpHeaders.RETRY_AFTER) : null;
		if (ex.getStatusCode().value() != 429) {
			return null;
		}
		return RetryPolicy.parseRetryAfter(value, Instant.now());
	}

	/** vLLM's error message ({@code message} or {@code error.message}), else the body. */
	private String serverMessage(RestClientResponseException ex) {
		String body = ex.getResponseBodyAsString();
		try {
			JsonNode node = this.json.readTree(body);
			JsonNode message = node.path("message");
			if (!message.isString()) {
				message = node.path("error").path("message");
			}
			if (message.isString()) {
				return message.asString();
			}
		}
		catch (JacksonException notJson) {
			// keep the raw body
		}
		return abbreviate(body);
	}

	private static String describe(RuntimeException ex) {
		if (ex instanceof RestClientResponseException response) {
			return "HTTP " + response.getStatusCode().value();
		}
		// the direct cause says what happened (ConnectException, HttpTimeoutException,
		// ...)
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

	private static String abbreviate(String text) {
		if (text == null) {
			return "(empty)";
		}
		return (text.length() > 500) ? text.substring(0, 500) + "..." : text;
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
