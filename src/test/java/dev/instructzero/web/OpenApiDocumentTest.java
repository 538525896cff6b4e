package dev.instructzero.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code api/openapi.json} (the build artifact the Java client is generated from) is the
 * running service's OpenAPI document. Regenerate it after an API change with
 * {@code ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.update=true}.
 */
@IntegrationTest
class OpenApiDocumentTest {

	static final Path DOCUMENT = Path.of("api", "openapi.json");

	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@Autowired
	MockMvc mvc;

	@Test
	void theCheckedInDocumentIsTheRunningServicesDocument() throws Exception {
		String served = this.mvc.perform(get("/v3/api-docs"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		String canonical = canonical(served);
		if (Boolean.getBoolean("openapi.update")) {
			Files.writeString(DOCUMENT, canonical, StandardCharsets.UTF_8);
		}
		assertThat(Files.exists(DOCUMENT)).as(DOCUMENT + " is missing; " + howToUpdate()).isTrue();
		assertThat(canonical(Files.readString(DOCUMENT, StandardCharsets.UTF_8)))
			.as(DOCUMENT + " differs from the service's /v3/api-docs; " + howToUpdate())
			.isEqualTo(canonical);
	}

	private static String howToUpdate() {
		return "regenerate it with ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.update=true";
	}

	/**
	 * The document with its keys sorted and without {@code servers} (springdoc derives
	 * them from the request's host), pretty-printed with a final newline.
	 */
	static String canonical(String document) {
		JsonNode tree = JSON.readTree(document);
		((ObjectNode) tree).remove("servers");
		return JSON.writeValueAsString(sorted(tree)) + "\n";
	}

	private static JsonNode sorted(JsonNode node) {
		if (node instanceof ObjectNode object) {
			List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.properties());
			entries.sort(Map.Entry.comparingByKey());
			ObjectNode copy = JSON.createObjectNode();
			entries.forEach((e) -> copy.set(e.getKey(), sorted(e.getValue())));
			return copy;
		}
		if (node instanceof ArrayNode array) {
			ArrayNode copy = JSON.createArrayNode();
			array.forEach((element) -> copy.add(sorted(element)));
			return copy;
		}
		return node;
	}

}
