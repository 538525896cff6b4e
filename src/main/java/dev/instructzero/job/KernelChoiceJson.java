package dev.instructzero.job;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.instructzero.bo.KernelChoice;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.boot.jackson.JacksonMixin;
import org.springframework.context.annotation.Configuration;

/**
 * A job's {@link KernelChoice} in JSON (requests, responses, the {@code job.settings}
 * column) and in the OpenAPI document: its wire name, e.g. {@code "instruction-coupled"};
 * an unknown name is refused with {@link KernelChoice#fromWireName}'s message, which the
 * problem handler puts under the field. The {@code bo} package cannot carry Jackson
 * annotations, so they come as a mix-in that Spring Boot registers with the application's
 * JSON mapper; swagger-core reads {@code @JsonValue} by reflection and misses mix-ins, so
 * the document's schema of the kernel is given here too.
 */
@Configuration(proxyBeanMethods = false)
class KernelChoiceJson {

	static {
		StringSchema wireNames = new StringSchema();
		Arrays.stream(KernelChoice.values()).map(KernelChoice::wireName).forEach(wireNames::addEnumItem);
		SpringDocUtils.getConfig().replaceWithSchema(KernelChoice.class, wireNames);
	}

	/** {@link KernelChoice}'s JSON form, its wire name. */
	@JacksonMixin(KernelChoice.class)
	abstract static class WireName {

		@JsonValue
		abstract String wireName();

		@JsonCreator
		static KernelChoice fromWireName(String name) {
			return KernelChoice.fromWireName(name);
		}

	}

}
