package dev.instructzero.web;

import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Configuration;

/**
 * How the OpenAPI document shows Jackson 3's JSON trees (a study's {@code baseJob},
 * {@code grid} and {@code baseline}, an arm's settings): an {@code ObjectNode} is any
 * JSON object and a {@code JsonNode} any JSON value. Without this springdoc describes the
 * node classes' getters ({@code array}, {@code bigDecimal}, ...) as a schema named
 * {@code JsonNode}, which the generated client cannot compile.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiSchemas {

	static {
		SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>());
	}

}
