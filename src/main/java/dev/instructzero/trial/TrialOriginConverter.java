package dev.instructzero.trial;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.jspecify.annotations.Nullable;

/** Stores a {@link TrialOrigin} by its wire name. */
@Converter(autoApply = true)
class TrialOriginConverter implements AttributeConverter<TrialOrigin, String> {

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable TrialOrigin origin) {
		return (origin != null) ? origin.wireName() : null;
	}

	@Override
	public @Nullable TrialOrigin convertToEntityAttribute(@Nullable String name) {
		return (name != null) ? TrialOrigin.fromWireName(name) : null;
	}

}
