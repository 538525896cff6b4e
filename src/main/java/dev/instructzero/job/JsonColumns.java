package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import dev.instructzero.evaluator.JobBudget;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job's JSON columns ({@code settings}, {@code budget}, jsonb) as typed attributes,
 * written and read by the application's JSON mapper, the one that reads requests. Rows
 * stored by earlier versions read as before: absent fields are null, and {@link Job}
 * fills the settings' defaults.
 */
final class JsonColumns {

	private JsonColumns() {
	}

	abstract static class JsonColumn<T> implements AttributeConverter<T, String> {

		private final JsonMapper json;

		private final Class<T> type;

		JsonColumn(JsonMapper json, Class<T> type) {
			this.json = json;
			this.type = type;
		}

		@Override
		public @Nullable String convertToDatabaseColumn(@Nullable T value) {
			return (value != null) ? this.json.writeValueAsString(value) : null;
		}

		@Override
		public @Nullable T convertToEntityAttribute(@Nullable String text) {
			return (text != null) ? this.json.readValue(text, this.type) : null;
		}

	}

	/** Hibernate creates it through Spring, which passes the application's mapper. */
	@Converter
	static class SettingsColumn extends JsonColumn<JobSettings> {

		SettingsColumn(JsonMapper json) {
			super(json, JobSettings.class);
		}

	}

	@Converter
	static class BudgetColumn extends JsonColumn<JobBudget> {

		BudgetColumn(JsonMapper json) {
			super(json, JobBudget.class);
		}

	}

}
