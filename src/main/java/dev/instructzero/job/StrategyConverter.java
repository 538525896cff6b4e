package dev.instructzero.job;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Strategy} by its wire name. */
@Converter
class StrategyConverter implements AttributeConverter<Strategy, String> {

	@Override
	public String convertToDatabaseColumn(Strategy strategy) {
		return (strategy != null) ? strategy.wireName() : null;
	}

	@Override
	public Strategy convertToEntityAttribute(String name) {
		return (name != null) ? Strategy.fromWireName(name) : null;
	}

}
