package dev.instructzero.job;

import dev.instructzero.run.Phase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Phase} by its wire name. */
@Converter
class PhaseConverter implements AttributeConverter<Phase, String> {

	@Override
	public String convertToDatabaseColumn(Phase phase) {
		return (phase != null) ? phase.wireName() : null;
	}

	@Override
	public Phase convertToEntityAttribute(String name) {
		return (name != null) ? Phase.fromWireName(name) : null;
	}

}
