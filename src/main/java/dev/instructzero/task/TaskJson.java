package dev.instructzero.task;

import tools.jackson.databind.json.JsonMapper;

/** The JSON form of a task's metric options and prompt template in the database. */
final class TaskJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TaskJson() {
	}

	static String write(Object value) {
		return JSON.writeValueAsString(value);
	}

	static <T> T read(String json, Class<T> type) {
		return JSON.readValue(json, type);
	}

}
