package dev.instructzero.sandbox;

/** Task bodies for tests against the sandbox. */
public final class SandboxTasks {

	private SandboxTasks() {
	}

	/**
	 * A task of {@code examples} input/output pairs (word i → anti i) and 10 test
	 * examples.
	 */
	public static String taskJson(String name, int examples) {
		StringBuilder json = new StringBuilder(
				"{\"name\": \"" + name + "\", \"metric\": \"exact_match\", \"examples\": [");
		for (int i = 0; i < examples; i++) {
			json.append((i > 0) ? "," : "")
				.append("{\"input\": \"word")
				.append(i)
				.append("\", \"output\": \"anti")
				.append(i)
				.append("\"}");
		}
		json.append("], \"testExamples\": [");
		for (int i = 0; i < 10; i++) {
			json.append((i > 0) ? "," : "")
				.append("{\"input\": \"test")
				.append(i)
				.append("\", \"output\": \"tset")
				.append(i)
				.append("\"}");
		}
		return json.append("]}").toString();
	}

}
