package dev.instructzero.trial;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link TrialOrigin} by its wire name. */
@Converter(autoApply = true)
class TrialOriginConverter implements AttributeConverter<TrialOrigin, String> {

	@Override
	public String convertToDatabaseColumn(TrialOrigin origin) {
		return (origin != null) ? origin.wireName() : null;
	}

	@Override
	public TrialOrigin convertToEntityAttribute(String name) {
		return (name != null) ? TrialOrigin.fromWireName(name) : null;
	}

}
