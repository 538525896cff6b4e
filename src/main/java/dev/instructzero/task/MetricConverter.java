package dev.instructzero.task;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.jspecify.annotations.Nullable;

/** Stores a {@link Metric} by its wire name, as the schema's check constraint expects. */
@Converter(autoApply = true)
class MetricConverter implements AttributeConverter<Metric, String> {

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable Metric metric) {
		return (metric != null) ? metric.wireName() : null;
	}

	@Override
	public @Nullable Metric convertToEntityAttribute(@Nullable String name) {
		return (name != null) ? Metric.fromWireName(name) : null;
	}

}
