package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Strategy} by its wire name. */
@Converter
class StrategyConverter implements AttributeConverter<Strategy, String> {

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable Strategy strategy) {
		return (strategy != null) ? strategy.wireName() : null;
	}

	@Override
	public @Nullable Strategy convertToEntityAttribute(@Nullable String name) {
		return (name != null) ? Strategy.fromWireName(name) : null;
	}

}
