package dev.instructzero.trial;

import java.util.Map;
import java.util.UUID;

import dev.instructzero.web.InvalidRequestException;
import dev.instructzero.web.NotFoundException;
import dev.instructzero.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/jobs/{jobId}")
@Tag(name = "trials", description = "Evaluated candidates of a job")
class TrialController {

	// API sort keys → entity properties; anything else is a 400, not a 500 from the query
	private static final Map<String, String> SORTABLE = Map.of("ordinal", "ordinal", "devScore", "devScore",
			"iteration", "iteration", "createdAt", "createdAt");

	private final TrialRepository trials;

	private final TrialService service;

	private final TrialAnswerRepository answers;

	private final JobDirectory jobs;

	TrialController(TrialRepository trials, TrialService service, TrialAnswerRepository answers, JobDirectory jobs) {
		this.trials = trials;
		this.service = service;
		this.answers = answers;
		this.jobs = jobs;
	}

	@GetMapping("/trials")
	@Operation(operationId = "listTrials", summary = "Trials of a job; sort=ordinal,asc (default) or devScore,desc; "
			+ "generationFailed=true lists the generations that yielded no instruction, false the others; "
			+ "all of them as CSV or JSON Lines with Accept: text/csv or application/x-ndjson (or ?format=csv|jsonl)")
	@Transactional(readOnly = true)
	PagedModel<TrialResponse> list(@PathVariable UUID jobId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size, @RequestParam(defaultValue = "ordinal,asc") String sort,
			@RequestParam(required = false) Boolean generationFailed) {
		requireJob(jobId);
		Pageable pageable = Paging.of(page, size, parseSort(sort));
		Page<Trial> found = (generationFailed != null)
				? this.trials.findByJobIdAndGenerationFailed(jobId, generationFailed, pageable)
				: this.trials.findByJobId(jobId, pageable);
		return new PagedModel<>(found.map(TrialResponse::of));
	}

	@GetMapping("/trials/{ordinal}")
	@Operation(operationId = "getTrial",
			summary = "One trial with the black box's answer and score for every dev (and test) example")
	@Transactional(readOnly = true)
	TrialDetailResponse trial(@PathVariable UUID jobId, @PathVariable int ordinal) {
		requireJob(jobId);
		Trial trial = this.trials.findByJobIdAndOrdinal(jobId, ordinal)
			.orElseThrow(() -> new NotFoundException("Job " + jobId + " has no trial " + ordinal + "."));
		int answered = ordinal;
		if (trial.duplicate()) {
			answered = this.trials.findFirstScoring(jobId, trial.instructionHash(), trial.instruction())
				.map(Trial::ordinal)
				.orElse(ordinal);
		}
		return new TrialDetailResponse(TrialResponse.of(trial), answered,
				this.answers.find(jobId, answered, TrialAnswerRepository.DEV),
				this.answers.find(jobId, ordinal, TrialAnswerRepository.TEST));
	}

	@GetMapping("/best")
	@Operation(operationId = "getBestInstruction",
			summary = "The best instruction: the final choice once the final selection has made one, "
					+ "before that the highest dev score; with its dev, wider (95% interval) and test scores "
					+ "(404 while the job has no trial with an instruction). With within=ε (0 to 1): the shortest "
					+ "distinct instruction whose dev score is at most ε below the highest")
	@Transactional(readOnly = true)
	BestInstructionResponse best(@PathVariable UUID jobId, @RequestParam(required = false) String within) {
		String strategy = requireJob(jobId).strategy();
		Double epsilon = parseWithin(within);
		return ((epsilon != null) ? this.service.shortestWithin(jobId, strategy, epsilon)
				: this.service.best(jobId, strategy))
			.orElseThrow(() -> new NotFoundException("Job " + jobId + " has no trial with an instruction yet."));
	}

	@GetMapping("/front")
	@Operation(operationId = "getJobFront",
			summary = "The cost–accuracy front: the distinct instructions no other one beats by being at most "
					+ "as long (estimated tokens) and at least as good (dev score), shortest first, with what their "
					+ "tokens cost per call at the black-box model's input price; the dominated ones for plotting")
	@Transactional(readOnly = true)
	FrontResponse front(@PathVariable UUID jobId) {
		return this.service.front(jobId, requireJob(jobId).blackBoxModel());
	}

	private static @Nullable Double parseWithin(@Nullable String within) {
		if (within == null) {
			return null;
		}
		double epsilon;
		try {
			epsilon = Double.parseDouble(within.strip());
		}
		catch (NumberFormatException ex) {
			epsilon = Double.NaN;
		}
		if (!(epsilon >= 0 && epsilon <= 1)) {
			throw InvalidRequestException.badField("within",
					"'" + within + "' is not a score tolerance: expected a number from 0 to 1 (e.g. 0.02)");
		}
		return epsilon;
	}

	private JobDirectory.Entry requireJob(UUID jobId) {
		return this.jobs.find(jobId).orElseThrow(() -> new NotFoundException("Job " + jobId + " does not exist."));
	}

	static Sort parseSort(String sort) {
		String[] parts = sort.split(",", -1);
		String property = SORTABLE.get(parts[0].strip());
		if (property == null || parts.length > 2) {
			throw InvalidRequestException.badField("sort",
					"expected <property>[,asc|desc] with property one of " + String.join(", ", SORTABLE.keySet()));
		}
		Sort.Direction direction = Sort.Direction.ASC;
		if (parts.length == 2) {
			direction = Sort.Direction.fromOptionalString(parts[1].strip())
				.orElseThrow(() -> InvalidRequestException.badField("sort", "direction must be asc or desc"));
		}
		Sort primary = Sort.by(direction, property);
		// ties in score resolve to the earliest trial, as for the best instruction
		return property.equals("ordinal") ? primary : primary.and(Sort.by(Sort.Direction.ASC, "ordinal"));
	}

}
