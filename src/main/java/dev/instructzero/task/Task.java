package dev.instructzero.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A task to find an instruction for: named input/output examples and the metric that
 * scores a prediction. Immutable once created, so jobs that reference it stay
 * reproducible.
 */
@Entity
@Table(name = "task")
public class Task {

	@Id
	private UUID id;

	@Column(nullable = false)
	private String name;

	private @Nullable String description;

	@Column(nullable = false)
	private Metric metric;

	// JSON of MetricOptions; null = the metric's defaults
	@Column(name = "metric_options")
	private @Nullable String metricOptionsJson;

	// JSON of PromptTemplate; null = PromptTemplate.APE
	@Column(name = "prompt_template")
	private @Nullable String promptTemplateJson;

	@Column(name = "example_count", nullable = false)
	private int exampleCount;

	@Column(name = "test_example_count", nullable = false)
	private int testExampleCount;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	// the API client that created it (null for tasks from before clients existed)
	private @Nullable String owner;

	@ElementCollection
	@CollectionTable(name = "task_example", joinColumns = @JoinColumn(name = "task_id"))
	@OrderColumn(name = "position")
	private List<TaskExample> examples = new ArrayList<>();

	protected Task() {
	}

	Task(UUID id, String name, @Nullable String description, Metric metric, List<TaskExample> examples,
			Instant createdAt) {
		this(id, name, description, metric, null, null, examples, createdAt);
	}

	Task(UUID id, String name, @Nullable String description, Metric metric, @Nullable MetricOptions metricOptions,
			@Nullable PromptTemplate promptTemplate, List<TaskExample> examples, Instant createdAt) {
		this.id = id;
		this.name = name;
		this.description = description;
		this.metric = metric;
		this.metricOptionsJson = (metricOptions != null) ? TaskJson.write(metricOptions) : null;
		this.promptTemplateJson = (promptTemplate != null) ? TaskJson.write(promptTemplate) : null;
		this.examples = new ArrayList<>(examples);
		this.exampleCount = (int) examples.stream().filter((e) -> e.split() == TaskExample.Split.TRAIN).count();
		this.testExampleCount = examples.size() - this.exampleCount;
		this.createdAt = createdAt;
	}

	/** Records the API client that creates this task; called once, before it is saved. */
	void ownedBy(String client) {
		this.owner = client;
	}

	/**
	 * The API client that created the task; null for tasks from before clients existed.
	 */
	public @Nullable String owner() {
		return this.owner;
	}

	public UUID id() {
		return this.id;
	}

	public String name() {
		return this.name;
	}

	public @Nullable String description() {
		return this.description;
	}

	public Metric metric() {
		return this.metric;
	}

	/** The metric's options; {@link MetricOptions#NONE} when the task gave none. */
	public MetricOptions metricOptions() {
		return (this.metricOptionsJson != null) ? TaskJson.read(this.metricOptionsJson, MetricOptions.class)
				: MetricOptions.NONE;
	}

	/** The template every prompt of a job on this task is rendered with. */
	public PromptTemplate promptTemplate() {
		return (this.promptTemplateJson != null) ? TaskJson.read(this.promptTemplateJson, PromptTemplate.class)
				: PromptTemplate.APE;
	}

	/** Whether the task gave its own template rather than the default. */
	public boolean hasOwnPromptTemplate() {
		return this.promptTemplateJson != null;
	}

	public int exampleCount() {
		return this.exampleCount;
	}

	public int testExampleCount() {
		return this.testExampleCount;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	/** The examples a job splits into exemplars and dev examples, in the order given. */
	public List<TaskExample> trainExamples() {
		return this.examples.stream().filter((e) -> e.split() == TaskExample.Split.TRAIN).toList();
	}

	/** The held-out examples, in the order given. */
	public List<TaskExample> testExamples() {
		return this.examples.stream().filter((e) -> e.split() == TaskExample.Split.TEST).toList();
	}

}
