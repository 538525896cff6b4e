package dev.instructzero.study;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.instructzero.job.CreateJobRequest;
import dev.instructzero.job.JobResponse;
import dev.instructzero.job.JobService;
import dev.instructzero.job.JobStatus;
import dev.instructzero.task.TaskService;
import dev.instructzero.web.Caller;
import dev.instructzero.web.ConflictException;
import dev.instructzero.web.FieldViolation;
import dev.instructzero.web.InvalidRequestException;
import dev.instructzero.web.JsonErrors;
import dev.instructzero.web.NotConfiguredException;
import dev.instructzero.web.NotFoundException;
import dev.instructzero.web.QuotaExceededException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates studies and reads them. A study's jobs are ordinary jobs, created through
 * {@link JobService#create} (the same validation, quotas, ownership and engine as
 * {@code POST /jobs}, and the same black-box cache), all in one transaction: a study
 * whose arm × seed would be refused is refused whole, with no job started.
 */
@Service
class StudyService {

	/** Most jobs of one study (arms × seeds). */
	static final int MAX_JOBS = 200;

	// the per-job cost limit is the study's divided equally, rounded down to this scale
	private static final int COST_SCALE = 8;

	private final StudyRepository studies;

	private final JobService jobs;

	private final TaskService tasks;

	private final JsonMapper json;

	private final Validator validator;

	private final Clock clock;

	private final SecureRandom seeds = new SecureRandom();

	StudyService(StudyRepository studies, JobService jobs, TaskService tasks, JsonMapper json, Validator validator,
			Clock clock) {
		this.studies = studies;
		this.jobs = jobs;
		this.tasks = tasks;
		this.json = json;
		this.validator = validator;
		this.clock = clock;
	}

	/**
	 * Validates a study, stores it with its task (when inline) and creates one QUEUED job
	 * per arm and seed.
	 * @throws InvalidRequestException 400 naming the bad field ({@code grid.<key>} for a
	 * bad grid value, {@code baseJob.<field>} for a bad base job), 422 when a strategy
	 * needs a component the service lacks
	 */
	@Transactional
	public StudyResponse create(CreateStudyRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		if ((request.taskId() == null) == (request.task() == null)) {
			violations.add(new FieldViolation("taskId", "give exactly one of 'taskId' or 'task'"));
		}
		ObjectNode base = (request.baseJob() != null) ? request.baseJob().deepCopy() : this.json.createObjectNode();
		for (String field : List.of("taskId", "task")) {
			if (base.has(field)) {
				violations.add(new FieldViolation("baseJob." + field,
						"the study's task is given at the top level ('taskId' or 'task')"));
			}
		}
		for (String field : List.of("settings", "budget")) {
			if (base.has(field) && !base.get(field).isObject()) {
				violations.add(new FieldViolation("baseJob." + field, "must be an object"));
			}
		}
		if (base.path("settings").has("seed")) {
			violations.add(new FieldViolation("baseJob.settings.seed",
					"each job's seed comes from the study: use 'firstSeed' and 'seeds'"));
		}
		StudyGrid grid = StudyGrid.expand(request.grid(), violations);
		int baseline = grid.baseline(request.baseline(), violations);
		int jobCount = grid.arms().size() * ((request.seeds() != null) ? request.seeds() : 1);
		if (jobCount > MAX_JOBS) {
			violations.add(new FieldViolation("seeds",
					"arms × seeds must be at most " + MAX_JOBS + " jobs (is " + jobCount + ")"));
		}
		Long callsPerJob = null;
		BigDecimal costPerJob = null;
		if (request.budget() != null && jobCount > 0) {
			if (request.budget().maxBlackBoxCalls() != null) {
				callsPerJob = request.budget().maxBlackBoxCalls() / jobCount;
				if (callsPerJob < 1) {
					violations.add(new FieldViolation("budget.maxBlackBoxCalls", "is split equally among the study's "
							+ jobCount + " jobs: give at least one call per job"));
				}
			}
			if (request.budget().maxCostUsd() != null) {
				costPerJob = request.budget()
					.maxCostUsd()
					.divide(BigDecimal.valueOf(jobCount), COST_SCALE, RoundingMode.DOWN);
				if (costPerJob.signum() <= 0) {
					violations.add(new FieldViolation("budget.maxCostUsd",
							"is split equally among the study's " + jobCount + " jobs: too small for a share above 0"));
				}
			}
		}
		throwIfAny(violations);

		UUID taskId;
		if (request.taskId() != null) {
			if (!this.tasks.visibleToCaller(request.taskId())) {
				throw new NotFoundException("Task " + request.taskId() + " does not exist.");
			}
			taskId = request.taskId();
		}
		else {
			// exactly one of taskId and task, checked above
			taskId = this.tasks.create(Objects.requireNonNull(request.task()), "task.").id();
		}
		long firstSeed = (request.firstSeed() != null) ? request.firstSeed() : this.seeds.nextLong();
		List<Long> seedList = new ArrayList<>();
		for (int j = 0; j < request.seeds(); j++) {
			seedList.add(firstSeed + j);
		}

		// every arm × seed as a POST /jobs body, read and validated the way POST /jobs is
		Set<FieldViolation> armViolations = new LinkedHashSet<>();
		List<List<CreateJobRequest>> requests = new ArrayList<>();
		for (StudyGrid.Arm arm : grid.arms()) {
			List<CreateJobRequest> armRequests = new ArrayList<>();
			for (long seed : seedList) {
				ObjectNode job = jobJson(base, arm, taskId, seed, callsPerJob, costPerJob);
				try {
					CreateJobRequest jobRequest = this.json.treeToValue(job, CreateJobRequest.class);
					for (ConstraintViolation<CreateJobRequest> v : this.validator.validate(jobRequest)) {
						armViolations.add(studyField(v.getPropertyPath().toString(), v.getMessage(), arm, request));
					}
					armRequests.add(jobRequest);
				}
				catch (JacksonException ex) {
					armViolations.add(studyField(JsonErrors.path(ex), JsonErrors.message(ex), arm, request));
				}
			}
			requests.add(armRequests);
		}
		throwIfAny(new ArrayList<>(armViolations));

		Caller caller = Caller.current();
		UUID id = UUID.randomUUID();
		ObjectNode spec = this.json.valueToTree(request);
		spec.remove("task");
		spec.put("taskId", taskId.toString());
		spec.put("firstSeed", firstSeed);
		List<StudyRepository.StudyJobRow> rows = new ArrayList<>();
		for (StudyGrid.Arm arm : grid.arms()) {
			String overrides = this.json.writeValueAsString(arm.values());
			for (int j = 0; j < seedList.size(); j++) {
				JobResponse job;
				try {
					job = this.jobs.create(requests.get(arm.index()).get(j));
				}
				catch (InvalidRequestException ex) {
					throw asStudyProblem(ex, arm, request);
				}
				rows.add(
						new StudyRepository.StudyJobRow(arm.index(), arm.name(), overrides, seedList.get(j), job.id()));
			}
		}
		// the study rows' foreign keys need the task and the jobs written:
		// JobService.create
		// flushes the persistence context (its job, and the task created before it)
		this.studies.insert(new StudyRepository.StudyRow(id, caller.name(), taskId, this.json.writeValueAsString(spec),
				seedList, baseline, this.clock.instant()));
		rows.forEach((row) -> this.studies.insertJob(id, row));
		return get(id);
	}

	/** The base job with the arm's values, the task, the seed and the budget share. */
	private ObjectNode jobJson(ObjectNode base, StudyGrid.Arm arm, UUID taskId, long seed, @Nullable Long callsPerJob,
			@Nullable BigDecimal costPerJob) {
		ObjectNode job = base.deepCopy();
		job.put("taskId", taskId.toString());
		arm.applyTo(job);
		ObjectNode settings = (job.get("settings") instanceof ObjectNode s) ? s : job.putObject("settings");
		settings.put("seed", seed);
		if (callsPerJob != null || costPerJob != null) {
			ObjectNode budget = (job.get("budget") instanceof ObjectNode b) ? b : job.putObject("budget");
			JsonNode calls = budget.get("maxBlackBoxCalls");
			if (callsPerJob != null) {
				budget.put("maxBlackBoxCalls", (calls != null && calls.isIntegralNumber())
						? Math.min(calls.asLong(), callsPerJob) : callsPerJob);
			}
			JsonNode cost = budget.get("maxCostUsd");
			if (costPerJob != null) {
				budget.put("maxCostUsd",
						(cost != null && cost.isNumber()) ? cost.decimalValue().min(costPerJob) : costPerJob);
			}
		}
		return job;
	}

	/**
	 * A violation of a job's field as the study's: {@code grid.<key>} when the arm set
	 * that field, else {@code baseJob.<field>} ({@code taskId}/{@code task} for the
	 * task).
	 */
	private static FieldViolation studyField(String jobField, @Nullable String message, StudyGrid.Arm arm,
			CreateStudyRequest request) {
		for (Map.Entry<String, JsonNode> value : arm.values().entrySet()) {
			String target = String.join(".", StudyGrid.target(value.getKey()));
			if (jobField.equals(target) || jobField.startsWith(target + ".") || jobField.startsWith(target + "[")) {
				return new FieldViolation("grid." + value.getKey(), "value " + value.getValue() + ": " + message);
			}
		}
		if (jobField.equals("taskId") || jobField.startsWith("task.")) {
			return new FieldViolation((request.taskId() != null) ? "taskId" : "task", message);
		}
		return new FieldViolation(jobField.isEmpty() ? "baseJob" : "baseJob." + jobField, message);
	}

	private static InvalidRequestException asStudyProblem(InvalidRequestException ex, StudyGrid.Arm arm,
			CreateStudyRequest request) {
		// a missing component (422) or a quota (429) names settings, not fields of the
		// request
		if (ex instanceof NotConfiguredException || ex instanceof QuotaExceededException) {
			return ex.restated("Arm '" + arm.name() + "': " + ex.detail(), ex.violations());
		}
		List<FieldViolation> violations = new ArrayList<>();
		for (FieldViolation v : ex.violations()) {
			FieldViolation mapped = studyField(v.field(), v.message(), arm, request);
			violations.add(mapped.field().startsWith("grid.") ? mapped
					: new FieldViolation(mapped.field(), "arm '" + arm.name() + "': " + mapped.message()));
		}
		return new InvalidRequestException(ex.detail(), violations);
	}

	private static void throwIfAny(List<FieldViolation> violations) {
		if (!violations.isEmpty()) {
			throw new InvalidRequestException("Invalid request content.", violations);
		}
	}

	/**
	 * A study with its arms and their jobs' states.
	 * @throws NotFoundException if there is no such study, or it is another client's
	 */
	@Transactional(readOnly = true)
	public StudyResponse get(UUID id) {
		StudyRepository.StudyRow study = find(id);
		List<StudyResponse.Arm> arms = new ArrayList<>();
		Map<JobStatus, Integer> byStatus = new EnumMap<>(JobStatus.class);
		for (List<StudyRepository.StudyJobRow> armJobs : byArm(this.studies.jobs(id))) {
			List<StudyResponse.ArmJob> jobs = new ArrayList<>();
			for (StudyRepository.StudyJobRow row : armJobs) {
				JobResponse job = this.jobs.get(row.jobId());
				byStatus.merge(job.status(), 1, Integer::sum);
				jobs.add(new StudyResponse.ArmJob(row.seed(), row.jobId(), job.status(), job.stopReason(),
						job.progress().bestDevScore(), job.progress().paidCalls(), job.progress().costUsd()));
			}
			StudyRepository.StudyJobRow first = armJobs.get(0);
			arms.add(new StudyResponse.Arm(first.arm(), first.armName(), this.json.readTree(first.overrides()),
					first.arm() == study.baseline(), jobs));
		}
		boolean running = byStatus.keySet().stream().anyMatch((status) -> !status.isFinished());
		JsonNode spec = this.json.readTree(study.spec());
		StudyBudget budget = spec.hasNonNull("budget") ? this.json.treeToValue(spec.get("budget"), StudyBudget.class)
				: null;
		String baselineName = arms.stream()
			.filter(StudyResponse.Arm::baseline)
			.map(StudyResponse.Arm::name)
			.findFirst()
			.orElse(null);
		return new StudyResponse(study.id(), spec.path("name").isString() ? spec.get("name").asString() : null,
				running ? StudyResponse.RUNNING : StudyResponse.FINISHED, study.taskId(), study.owner(),
				study.createdAt(), study.seeds(), baselineName, budget, byStatus, arms);
	}

	/** The caller's studies (an admin's: all), newest first. */
	@Transactional(readOnly = true)
	public List<StudyResponse> list(int page, int size) {
		Caller caller = Caller.current();
		String owner = caller.admin() ? null : caller.name();
		return this.studies.list(owner, size, (long) page * size).stream().map((s) -> get(s.id())).toList();
	}

	/** Number of the caller's studies (an admin's: all). */
	@Transactional(readOnly = true)
	public long count() {
		Caller caller = Caller.current();
		return this.studies.count(caller.admin() ? null : caller.name());
	}

	/**
	 * Cancels the study's QUEUED and RUNNING jobs; the finished ones stay as they are.
	 */
	@Transactional
	public StudyResponse cancel(UUID id) {
		find(id);
		for (StudyRepository.StudyJobRow row : this.studies.jobs(id)) {
			JobStatus status = this.jobs.get(row.jobId()).status();
			if (!status.isFinished()) {
				try {
					this.jobs.cancel(row.jobId());
				}
				catch (ConflictException ex) {
					// it finished in between
				}
			}
		}
		return get(id);
	}

	/** The stored study and its jobs grouped by arm, for the report. */
	@Transactional(readOnly = true)
	StudyData data(UUID id) {
		StudyRepository.StudyRow study = find(id);
		return new StudyData(study, byArm(this.studies.jobs(id)));
	}

	/**
	 * A study as stored, with its jobs by arm (in arm order, each in seed order).
	 */
	record StudyData(StudyRepository.StudyRow study, List<List<StudyRepository.StudyJobRow>> arms) {
	}

	private StudyRepository.StudyRow find(UUID id) {
		StudyRepository.StudyRow study = this.studies.find(id)
			.orElseThrow(() -> new NotFoundException("Study " + id + " does not exist."));
		if (!Caller.current().canSee(study.owner())) {
			throw new NotFoundException("Study " + id + " does not exist.");
		}
		return study;
	}

	private static List<List<StudyRepository.StudyJobRow>> byArm(List<StudyRepository.StudyJobRow> rows) {
		List<List<StudyRepository.StudyJobRow>> arms = new ArrayList<>();
		for (StudyRepository.StudyJobRow row : rows) {
			if (arms.isEmpty() || arms.get(arms.size() - 1).get(0).arm() != row.arm()) {
				arms.add(new ArrayList<>());
			}
			arms.get(arms.size() - 1).add(row);
		}
		return arms;
	}

}
