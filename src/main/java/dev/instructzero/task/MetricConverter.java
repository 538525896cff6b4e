package dev.instructzero.task;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Metric} by its wire name, as the schema's check constraint expects. */
@Converter(autoApply = true)
class MetricConverter implements AttributeConverter<Metric, String> {

	@Override
	public String convertToDatabaseColumn(Metric metric) {
		return (metric != null) ? metric.wireName() : null;
	}

	@Override
	public Metric convertToEntityAttribute(String name) {
		return (name != null) ? Metric.fromWireName(name) : null;
	}

}
