package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import dev.instructzero.run.Phase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Phase} by its wire name. */
@Converter
class PhaseConverter implements AttributeConverter<Phase, String> {

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable Phase phase) {
		return (phase != null) ? phase.wireName() : null;
	}

	@Override
	public @Nullable Phase convertToEntityAttribute(@Nullable String name) {
		return (name != null) ? Phase.fromWireName(name) : null;
	}

}
