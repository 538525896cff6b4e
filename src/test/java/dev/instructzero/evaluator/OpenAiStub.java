package dev.instructzero.evaluator;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A WireMock server speaking OpenAI's chat-completions JSON. */
final class OpenAiStub {

	static final String PATH = "/v1/chat/completions";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final WireMockServer server;

	OpenAiStub() {
		this.server = new WireMockServer(WireMockConfiguration.options()
			.dynamicPort()
			.containerThreads(64)
			.asynchronousResponseEnabled(true)
			.asynchronousResponseThreads(32));
		this.server.start();
	}

	String baseUrl() {
		return this.server.baseUrl() + "/v1";
	}

	/**
	 * An OpenAI chat completion; {@code content} may be {@code null} (e.g. a refusal).
	 */
	static String completion(String content, int promptTokens, int completionTokens) {
		String contentJson = (content != null) ? JSON.writeValueAsString(content) : "null";
		String refusal = (content != null) ? "null" : "\"I can't help with that.\"";
		return """
				{"id":"chatcmpl-test","object":"chat.completion","created":1700000000,"model":"gpt-test",
				 "choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":%s},
				             "logprobs":null,"finish_reason":"stop"}],
				 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}
				""".formatted(contentJson, refusal, promptTokens, completionTokens, promptTokens + completionTokens);
	}

	static ResponseDefinitionBuilder answer(String content) {
		return WireMock.okJson(completion(content, 12, 3));
	}

	static ResponseDefinitionBuilder error(int status) {
		return WireMock.aResponse()
			.withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"message\":\"stub error " + status
					+ "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
	}

	/** Answers every call with {@code content}. */
	void answerAll(String content) {
		this.server.stubFor(WireMock.post(PATH).willReturn(answer(content)));
	}

	/** Answers calls whose prompt has {@code input} with {@code content}. */
	void answerInput(String input, String content) {
		this.server.stubFor(WireMock.post(PATH)
			.withRequestBody(WireMock.matchingJsonPath("$.messages[0].content",
					WireMock.containing("Input: " + input + "\nOutput:")))
			.willReturn(answer(content)));
	}

	int requestCount() {
		return this.server.countRequestsMatching(RequestPatternBuilder.allRequests().build()).getCount();
	}

	List<JsonNode> requestBodies() {
		List<JsonNode> bodies = new ArrayList<>();
		this.server.getAllServeEvents()
			.forEach((event) -> bodies.add(JSON.readTree(event.getRequest().getBodyAsString())));
		return bodies;
	}

	void reset() {
		this.server.resetAll();
	}

	void stop() {
		this.server.stop();
	}

}
