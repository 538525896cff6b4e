package dev.instructzero.trial;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import dev.instructzero.web.NotFoundException;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * All trials of a job as CSV or JSON Lines, by {@code Accept} ({@code text/csv},
 * {@code application/x-ndjson}) or {@code ?format=csv|jsonl}. Streamed a page of trials
 * at a time, so a long job never sits in memory whole.
 */
@RestController
@RequestMapping("/jobs/{jobId}")
@Tag(name = "trials")
class TrialExportController {

	static final MediaType CSV = MediaType.parseMediaType("text/csv");

	static final MediaType JSON_LINES = MediaType.parseMediaType("application/x-ndjson");

	private static final int PAGE = 500;

	private static final List<String> CSV_COLUMNS = List.of("ordinal", "iteration", "origin", "instruction",
			"dev_score", "test_score", "duplicate", "generation_failed", "tokens_in", "tokens_out", "generation_ms",
			"evaluation_ms", "created_at", "instruction_tokens", "generator_model", "stage", "stopped_early");

	private final TrialRepository trials;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final JobDirectory jobs;

	TrialExportController(TrialRepository trials, JobDirectory jobs, TransactionTemplate transactions,
			JsonMapper json) {
		this.trials = trials;
		this.jobs = jobs;
		this.transactions = transactions;
		this.json = json;
	}

	@GetMapping(path = "/trials", produces = "text/csv")
	// one operation per path and method in the OpenAPI document: listTrials
	@Operation(hidden = true, summary = "All trials of a job as CSV (also ?format=csv), in trial order, streamed")
	ResponseEntity<StreamingResponseBody> csv(@PathVariable UUID jobId) {
		return export(jobId, CSV, "csv", this::writeCsv);
	}

	@GetMapping(path = "/trials", params = "format=csv")
	ResponseEntity<StreamingResponseBody> csvByParameter(@PathVariable UUID jobId) {
		return csv(jobId);
	}

	@GetMapping(path = "/trials", produces = "application/x-ndjson")
	// one operation per path and method in the OpenAPI document: listTrials
	@Operation(hidden = true,
			summary = "All trials of a job as JSON Lines (also ?format=jsonl), one trial per line, streamed")
	ResponseEntity<StreamingResponseBody> jsonLines(@PathVariable UUID jobId) {
		return export(jobId, JSON_LINES, "jsonl", this::writeJsonLines);
	}

	@GetMapping(path = "/trials", params = "format=jsonl")
	ResponseEntity<StreamingResponseBody> jsonLinesByParameter(@PathVariable UUID jobId) {
		return jsonLines(jobId);
	}

	private ResponseEntity<StreamingResponseBody> export(UUID jobId, MediaType type, String extension,
			PageWriter writer) {
		if (this.jobs.find(jobId).isEmpty()) {
			throw new NotFoundException("Job " + jobId + " does not exist.");
		}
		StreamingResponseBody body = (out) -> {
			Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			if (type.equals(CSV)) {
				text.write(String.join(",", CSV_COLUMNS) + "\r\n");
			}
			for (int page = 0;; page++) {
				int number = page;
				Page<Trial> trials = this.transactions
					.execute((tx) -> this.trials.findByJobId(jobId, PageRequest.of(number, PAGE, Sort.by("ordinal"))));
				for (Trial trial : trials) {
					writer.write(trial, text, out);
				}
				text.flush();
				if (!trials.hasNext()) {
					break;
				}
			}
		};
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"trials-" + jobId + "." + extension + "\"")
			.body(body);
	}

	private void writeCsv(Trial trial, Writer text, OutputStream out) throws IOException {
		List<Object> values = java.util.Arrays.asList(trial.ordinal(), trial.iteration(), trial.origin().wireName(),
				trial.instruction(), trial.devScore(), trial.testScore(), trial.duplicate(), trial.generationFailed(),
				trial.tokensIn(), trial.tokensOut(), trial.generationMs(), trial.evaluationMs(), trial.createdAt(),
				trial.instructionTokens(), trial.generatorModel(), trial.stage(), trial.stoppedEarly());
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				line.append(',');
			}
			line.append(csvField(values.get(i)));
		}
		text.write(line.append("\r\n").toString());
	}

	// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled
	static String csvField(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
			return text;
		}
		return '"' + text.replace("\"", "\"\"") + '"';
	}

	private void writeJsonLines(Trial trial, Writer text, OutputStream out) throws IOException {
		text.write(this.json.writeValueAsString(TrialResponse.of(trial)));
		text.write('\n');
	}

	@FunctionalInterface
	private interface PageWriter {

		void write(Trial trial, Writer text, OutputStream out) throws IOException;

	}

}
