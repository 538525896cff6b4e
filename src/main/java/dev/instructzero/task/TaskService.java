package dev.instructzero.task;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.instructzero.web.Caller;
import dev.instructzero.web.FieldViolation;
import dev.instructzero.web.InvalidRequestException;
import dev.instructzero.web.NotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and reads tasks. */
@Service
public class TaskService {

	private final TaskRepository tasks;

	private final Clock clock;

	TaskService(TaskRepository tasks, Clock clock) {
		this.tasks = tasks;
		this.clock = clock;
	}

	/**
	 * Validates and stores a task.
	 * @param request the task (already bean-validated)
	 * @param fieldPrefix prefix of field names in errors ({@code ""} or {@code "task."})
	 * @return the stored task
	 * @throws InvalidRequestException naming every example that gives neither or both of
	 * {@code output} and {@code outputs}
	 */
	@Transactional
	public Task create(TaskRequest request, String fieldPrefix) {
		return createWithWarnings(request, fieldPrefix).task();
	}

	/**
	 * Validates and stores a task, and says what it changed in the given examples:
	 * acceptable outputs that are empty (for the benchmark metrics: that normalise to
	 * nothing, like {@code "."}) are dropped, since no answer can ever match them.
	 * @param request the task (already bean-validated)
	 * @param fieldPrefix prefix of field names in errors ({@code ""} or {@code "task."})
	 * @return the stored task and one warning per dropped output
	 * @throws InvalidRequestException naming every bad field
	 */
	@Transactional
	public CreatedTask createWithWarnings(TaskRequest request, String fieldPrefix) {
		List<FieldViolation> violations = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		List<TaskExample> examples = new ArrayList<>();
		Metric metric = request.metric();
		collect(request.examples(), TaskExample.Split.TRAIN, fieldPrefix + "examples", examples, violations);
		collect(request.testExamples(), TaskExample.Split.TEST, fieldPrefix + "testExamples", examples, violations);
		PromptTemplate template = TaskScoringRules.template(request.promptTemplate(), fieldPrefix + "promptTemplate",
				violations);
		MetricOptions options = TaskScoringRules.metricOptions(metric, request.metricOptions(),
				fieldPrefix + "metricOptions", violations);
		if (violations.isEmpty()) {
			examples = TaskScoringRules.checkOutputs(metric, options, examples, request, fieldPrefix, warnings,
					violations);
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequestException("Invalid request content.", violations);
		}
		Task task = new Task(UUID.randomUUID(), request.name().strip(), request.description(), metric, options,
				template, examples, this.clock.instant());
		task.ownedBy(Caller.current().name());
		return new CreatedTask(this.tasks.save(task), List.copyOf(warnings));
	}

	/** A stored task and the warnings about what was dropped from its request. */
	public record CreatedTask(Task task, List<String> warnings) {
	}

	private static void collect(@Nullable List<TaskRequest.ExampleRequest> given, TaskExample.Split split, String field,
			List<TaskExample> into, List<FieldViolation> violations) {
		if (given == null) {
			return;
		}
		for (int i = 0; i < given.size(); i++) {
			TaskRequest.ExampleRequest example = given.get(i);
			boolean hasOutput = example.output() != null;
			boolean hasOutputs = example.outputs() != null;
			if (hasOutput == hasOutputs) {
				violations.add(new FieldViolation(field + "[" + i + "].output",
						"give exactly one of 'output' (a string) or 'outputs' (a list of acceptable strings)"));
				continue;
			}
			into.add(new TaskExample(split, example.input(), example.acceptableOutputs()));
		}
	}

	/**
	 * @throws NotFoundException if there is no such task
	 */
	@Transactional(readOnly = true)
	public TaskResponse get(UUID id) {
		return TaskResponse.of(find(id));
	}

	/**
	 * The task's data as a job runs on it.
	 * @throws NotFoundException if there is no such task
	 */
	@Transactional(readOnly = true)
	public TaskData data(UUID id) {
		return TaskData.of(find(id));
	}

	/**
	 * @throws NotFoundException if there is no such task
	 */
	@Transactional(readOnly = true)
	public Task find(UUID id) {
		return this.tasks.findById(id).orElseThrow(() -> new NotFoundException("Task " + id + " does not exist."));
	}

	/** Whether a task exists. */
	@Transactional(readOnly = true)
	public boolean exists(UUID id) {
		return this.tasks.existsById(id);
	}

	/**
	 * A page of a task's examples of one split, in stored order.
	 * @throws NotFoundException if there is no such task
	 */
	@Transactional(readOnly = true)
	public Page<TaskExampleItem> examples(UUID id, TaskExample.Split split, Pageable pageable) {
		Task task = find(id);
		List<TaskExample> examples = (split == TaskExample.Split.TEST) ? task.testExamples() : task.trainExamples();
		int from = (int) Math.min(pageable.getOffset(), examples.size());
		int to = Math.min(from + pageable.getPageSize(), examples.size());
		List<TaskExampleItem> items = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			items.add(new TaskExampleItem(i, examples.get(i).input(), examples.get(i).outputs()));
		}
		return new PageImpl<>(items, pageable, examples.size());
	}

	/** Deletes a task and its examples; its jobs must have been deleted. */
	@Transactional
	public void delete(UUID id) {
		this.tasks.deleteById(id);
	}

	/** Whether a task exists and the current API caller may see it. */
	@Transactional(readOnly = true)
	public boolean visibleToCaller(UUID id) {
		return this.tasks.findById(id).map((task) -> Caller.current().canSee(task.owner())).orElse(false);
	}

	/** The tasks the current API caller may see: its own, or every one for an admin. */
	@Transactional(readOnly = true)
	public Page<TaskSummary> list(Pageable pageable) {
		Caller caller = Caller.current();
		Page<Task> page = caller.admin() ? this.tasks.findAll(pageable)
				: this.tasks.findByOwner(caller.name(), pageable);
		return page.map(TaskSummary::of);
	}

}
