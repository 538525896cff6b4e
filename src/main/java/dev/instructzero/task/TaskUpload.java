package dev.instructzero.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.instructzero.web.FieldViolation;
import dev.instructzero.web.InvalidRequestException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Examples uploaded as a file: CSV with a header row, or JSON Lines. Every example
 * remembers its line, so that an error names {@code line 7} rather than an index.
 * <ul>
 * <li>CSV (RFC 4180: {@code ,} separated, {@code "} quoted, {@code ""} inside quotes,
 * line breaks allowed inside quotes): an {@code input} column; one or more {@code output}
 * columns (empty cells ignored) and/or an {@code outputs} column holding a JSON array of
 * strings; optionally a {@code split} column, {@code train} (default) or
 * {@code test}.</li>
 * <li>JSON Lines: one object per non-blank line, {@code {"input", "output"}} or
 * {@code {"input", "outputs": [...]}}, optionally {@code "split"}.</li>
 * </ul>
 */
final class TaskUpload {

	private TaskUpload() {
	}

	/**
	 * The examples of a file.
	 *
	 * @param examples the train examples in file order
	 * @param testExamples the test examples in file order
	 * @param exampleLines the line each train example starts on
	 * @param testLines the line each test example starts on
	 */
	record Examples(List<TaskRequest.ExampleRequest> examples, List<TaskRequest.ExampleRequest> testExamples,
			List<Integer> exampleLines, List<Integer> testLines) {

		/**
		 * The violation with an {@code examples[i]...} or {@code testExamples[i]...}
		 * field renamed to the line of that example.
		 */
		FieldViolation onLines(FieldViolation violation) {
			java.util.regex.Matcher field = java.util.regex.Pattern
				.compile("^(examples|testExamples)\\[(\\d+)\\]\\.?(.*)$")
				.matcher(violation.field());
			if (!field.matches()) {
				return violation;
			}
			List<Integer> lines = field.group(1).equals("examples") ? this.exampleLines : this.testLines;
			int index = Integer.parseInt(field.group(2));
			if (index >= lines.size()) {
				return violation;
			}
			String part = field.group(3).isEmpty() ? "" : field.group(3) + ": ";
			return new FieldViolation("line " + lines.get(index), part + violation.message());
		}

	}

	/** Parses JSON Lines. */
	static Examples jsonLines(String text, JsonMapper json) {
		Collector collector = new Collector();
		String[] lines = text.split("\r?\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (line.isBlank()) {
				continue;
			}
			Row row;
			try {
				row = json.readValue(line, Row.class);
			}
			catch (JacksonException ex) {
				collector.violations.add(new FieldViolation("line " + (i + 1),
						"not a JSON object with input and output or outputs: " + firstLine(ex.getOriginalMessage())));
				continue;
			}
			if (row == null) {
				collector.violations.add(new FieldViolation("line " + (i + 1), "not a JSON object"));
				continue;
			}
			collector.add(i + 1, row.input(), row.output(), row.outputs(), row.split());
		}
		return collector.result();
	}

	/** Parses CSV with a header row. */
	static Examples csv(String text, JsonMapper json) {
		Collector collector = new Collector();
		List<Record> records = records(text, collector.violations);
		if (!collector.violations.isEmpty()) {
			throw invalid(collector.violations);
		}
		if (records.isEmpty()) {
			throw invalid(List.of(new FieldViolation("line 1", "the file is empty: a header row is needed")));
		}
		List<String> header = records.get(0).cells();
		int input = -1;
		int outputsColumn = -1;
		int split = -1;
		List<Integer> outputColumns = new ArrayList<>();
		for (int c = 0; c < header.size(); c++) {
			String name = PythonText.strip(header.get(c)).toLowerCase(Locale.ROOT);
			switch (name) {
				case "input" -> input = (input < 0) ? c : -2;
				case "output" -> outputColumns.add(c);
				case "outputs" -> outputsColumn = (outputsColumn < 0) ? c : -2;
				case "split" -> split = (split < 0) ? c : -2;
				default -> collector.violations.add(new FieldViolation("line 1",
						"unknown column '" + header.get(c) + "' (expected input, output, outputs, split)"));
			}
		}
		if (input == -1 || input == -2 || outputsColumn == -2 || split == -2
				|| (outputColumns.isEmpty() && outputsColumn < 0)) {
			collector.violations.add(new FieldViolation("line 1",
					"the header needs one input column, one or more output columns and/or one outputs column,"
							+ " and at most one split column"));
		}
		if (!collector.violations.isEmpty()) {
			throw invalid(collector.violations);
		}
		for (Record record : records.subList(1, records.size())) {
			List<String> cells = record.cells();
			if (cells.size() == 1 && cells.get(0).isEmpty()) {
				continue;
			}
			if (cells.size() != header.size()) {
				collector.violations.add(new FieldViolation("line " + record.line(),
						header.size() + " columns expected, found " + cells.size()));
				continue;
			}
			List<String> outputs = new ArrayList<>();
			for (int c : outputColumns) {
				if (!cells.get(c).isEmpty()) {
					outputs.add(cells.get(c));
				}
			}
			if (outputsColumn >= 0 && !cells.get(outputsColumn).isEmpty()) {
				try {
					String[] listed = json.readValue(cells.get(outputsColumn), String[].class);
					outputs.addAll(List.of(listed));
				}
				catch (JacksonException | NullPointerException ex) {
					collector.violations
						.add(new FieldViolation("line " + record.line(), "outputs: not a JSON array of strings"));
					continue;
				}
			}
			collector.add(record.line(), cells.get(input), null, outputs.isEmpty() ? null : outputs,
					(split >= 0) ? cells.get(split) : null);
		}
		return collector.result();
	}

	private static InvalidRequestException invalid(List<FieldViolation> violations) {
		return new InvalidRequestException("Invalid upload.", violations);
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

	/** One CSV record: its cells and the line it starts on. */
	record Record(int line, List<String> cells) {
	}

	/** RFC 4180 records; an unterminated quote is a violation naming its line. */
	static List<Record> records(String text, List<FieldViolation> violations) {
		List<Record> records = new ArrayList<>();
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		int line = 1;
		int recordLine = 1;
		boolean quoted = false;
		int quoteLine = 0;
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						cell.append('"');
						i += 2;
						continue;
					}
					quoted = false;
				}
				else {
					if (c == '\n') {
						line++;
					}
					cell.append(c);
				}
				i++;
				continue;
			}
			if (c == '"' && cell.isEmpty()) {
				quoted = true;
				quoteLine = line;
			}
			else if (c == ',') {
				cells.add(cell.toString());
				cell.setLength(0);
			}
			else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
				// the \n ends the record
			}
			else if (c == '\n') {
				cells.add(cell.toString());
				cell.setLength(0);
				records.add(new Record(recordLine, List.copyOf(cells)));
				cells.clear();
				line++;
				recordLine = line;
			}
			else {
				cell.append(c);
			}
			i++;
		}
		if (quoted) {
			violations.add(new FieldViolation("line " + quoteLine, "a quoted cell is never closed"));
			return records;
		}
		if (!cell.isEmpty() || !cells.isEmpty()) {
			cells.add(cell.toString());
			records.add(new Record(recordLine, List.copyOf(cells)));
		}
		return records;
	}

	/** One JSON Lines row. */
	record Row(String input, @Nullable String output, @Nullable List<String> outputs, @Nullable String split) {
	}

	private static final class Collector {

		final List<TaskRequest.ExampleRequest> examples = new ArrayList<>();

		final List<TaskRequest.ExampleRequest> testExamples = new ArrayList<>();

		final List<Integer> exampleLines = new ArrayList<>();

		final List<Integer> testLines = new ArrayList<>();

		final List<FieldViolation> violations = new ArrayList<>();

		void add(int line, String input, @Nullable String output, @Nullable List<String> outputs,
				@Nullable String split) {
			String where = "line " + line;
			if (input == null) {
				this.violations.add(new FieldViolation(where, "input: must not be null"));
				return;
			}
			if (output == null && outputs == null) {
				this.violations.add(new FieldViolation(where, "no output: give output or outputs"));
				return;
			}
			String part = (split == null || split.isBlank()) ? "train" : PythonText.strip(split);
			TaskRequest.ExampleRequest example = new TaskRequest.ExampleRequest(input, output, outputs);
			switch (part) {
				case "train" -> {
					this.examples.add(example);
					this.exampleLines.add(line);
				}
				case "test" -> {
					this.testExamples.add(example);
					this.testLines.add(line);
				}
				default -> this.violations.add(new FieldViolation(where, "split: must be train or test"));
			}
		}

		Examples result() {
			if (!this.violations.isEmpty()) {
				throw invalid(this.violations);
			}
			return new Examples(this.examples, this.testExamples, this.exampleLines, this.testLines);
		}

	}

}
