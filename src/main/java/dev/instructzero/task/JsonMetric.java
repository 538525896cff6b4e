package dev.instructzero.task;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code json} metric: the answer (or the first fenced code block in it) must be one
 * valid JSON value. An acceptable output that is itself JSON must also equal the answer:
 * {@code exact} compares every field and element; {@code subset} lets answer objects have
 * fields the expected objects lack. Numbers compare by value ({@code 1} equals
 * {@code 1.0}); arrays compare element by element in order. An acceptable output that is
 * not JSON asks for validity only.
 */
final class JsonMetric {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final Pattern FENCE = Pattern.compile("```[A-Za-z0-9_-]*[ \\t]*\\r?\\n(.*?)```", Pattern.DOTALL);

	private JsonMetric() {
	}

	static double score(MetricOptions options, String prediction, List<String> answers) {
		String text = prediction;
		if (options.stripCodeFenceOrDefault()) {
			Matcher fence = FENCE.matcher(prediction);
			if (fence.find()) {
				text = fence.group(1);
			}
		}
		Optional<JsonNode> answer = parse(text);
		if (answer.isEmpty()) {
			return 0.0;
		}
		boolean anyJson = false;
		for (String output : answers) {
			Optional<JsonNode> expected = parse(output);
			if (expected.isPresent()) {
				anyJson = true;
				if (matches(expected.get(), answer.get(), options.subsetMatch())) {
					return 1.0;
				}
			}
		}
		return anyJson ? 0.0 : 1.0;
	}

	/** One JSON value, or empty when {@code text} is not exactly one. */
	static Optional<JsonNode> parse(String text) {
		String trimmed = PythonText.strip(text);
		if (trimmed.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(JSON.readTree(trimmed));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	static boolean matches(JsonNode expected, JsonNode actual, boolean subset) {
		if (expected.isNumber() && actual.isNumber()) {
			return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
		}
		if (expected.isObject() && actual.isObject()) {
			if (!subset && expected.size() != actual.size()) {
				return false;
			}
			for (Map.Entry<String, JsonNode> field : expected.properties()) {
				JsonNode other = actual.get(field.getKey());
				if (other == null || !matches(field.getValue(), other, subset)) {
					return false;
				}
			}
			return true;
		}
		if (expected.isArray() && actual.isArray()) {
			if (expected.size() != actual.size()) {
				return false;
			}
			Iterator<JsonNode> others = actual.iterator();
			for (JsonNode element : expected) {
				if (!matches(element, others.next(), subset)) {
					return false;
				}
			}
			return true;
		}
		return expected.equals(actual);
	}

}
