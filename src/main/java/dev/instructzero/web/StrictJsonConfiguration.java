package dev.instructzero.web;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request bodies are JSON, read strictly. A value of the wrong type is a 400 rather than
 * silently converted (Jackson by default turns {@code "name": 42} into "42" and
 * {@code "iterations": 1.5} into 1). And only JSON is read: a YAML converter that a
 * dependency brings onto the classpath (Jackson 2's, which ignores this configuration and
 * {@code fail-on-unknown-properties}) is removed, so other content types are a 415.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration implements WebMvcConfigurer {

	@Bean
	JsonMapperBuilderCustomizer strictScalarTypes() {
		return (builder) -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		builder.configureMessageConvertersList(
				(converters) -> converters.removeIf((converter) -> converter.getSupportedMediaTypes()
					.stream()
					.anyMatch((type) -> type.getSubtype().contains("yaml"))));
	}

}
