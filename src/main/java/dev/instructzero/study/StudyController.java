package dev.instructzero.study;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import dev.instructzero.web.InvalidRequestException;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/studies")
@Tag(name = "studies", description = "Grids of job settings × seeds, compared")
class StudyController {

	static final MediaType CSV = MediaType.parseMediaType("text/csv");

	private static final List<String> TABLES = List.of("arms", "convergence");

	private final StudyService studies;

	private final StudyReports reports;

	StudyController(StudyService studies, StudyReports reports) {
		this.studies = studies;
		this.reports = reports;
	}

	@PostMapping
	@Operation(operationId = "createStudy", summary = "Start a study: one job per grid arm and seed (202)")
	ResponseEntity<StudyResponse> create(@Valid @RequestBody CreateStudyRequest request) {
		StudyResponse study = this.studies.create(request);
		return ResponseEntity.accepted().location(URI.create("/studies/" + study.id())).body(study);
	}

	@GetMapping
	@Operation(operationId = "listStudies", summary = "Studies, newest first")
	PagedModel<StudyResponse> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		if (page < 0) {
			throw InvalidRequestException.badField("page", "must be 0 or more");
		}
		if (size < 1 || size > 100) {
			throw InvalidRequestException.badField("size", "must be 1 to 100");
		}
		return new PagedModel<>(
				new PageImpl<>(this.studies.list(page, size), PageRequest.of(page, size), this.studies.count()));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getStudy", summary = "A study with its arms and their jobs")
	StudyResponse get(@PathVariable UUID id) {
		return this.studies.get(id);
	}

	@PostMapping("/{id}/cancel")
	@Operation(operationId = "cancelStudy", summary = "Cancel the study's unfinished jobs (202)")
	ResponseEntity<StudyResponse> cancel(@PathVariable UUID id) {
		return ResponseEntity.accepted().body(this.studies.cancel(id));
	}

	@GetMapping(path = "/{id}/report", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getStudyReport",
			summary = "Per arm: mean and 95% interval of best dev and test score, paid calls and cost, mean "
					+ "convergence curve; each arm against the baseline (exact Wilcoxon signed-rank over seeds). "
					+ "CSV with Accept: text/csv or ?format=csv (&table=arms|convergence)")
	StudyReport report(@PathVariable UUID id) {
		return this.reports.report(id);
	}

	@GetMapping(path = "/{id}/report", produces = "text/csv")
	ResponseEntity<String> reportCsv(@PathVariable UUID id, @RequestParam(defaultValue = "arms") String table) {
		if (!TABLES.contains(table)) {
			throw InvalidRequestException.badField("table", "expected arms or convergence");
		}
		StudyReport report = this.reports.report(id);
		String body = table.equals("arms") ? StudyReports.armsCsv(report) : StudyReports.convergenceCsv(report);
		return ResponseEntity.ok()
			.contentType(CSV)
			.header("Content-Disposition", "attachment; filename=\"study-" + id + "-" + table + ".csv\"")
			.body(body);
	}

	@GetMapping(path = "/{id}/report", params = "format=csv")
	ResponseEntity<String> reportCsvByParameter(@PathVariable UUID id,
			@RequestParam(defaultValue = "arms") String table) {
		return reportCsv(id, table);
	}

}
