package dev.instructzero.study;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.instructzero.job.CreateJobRequest;
import dev.instructzero.job.JobSettings;
import dev.instructzero.web.FieldViolation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The arms of a study: the Cartesian product of the grid's values, in the grid's key
 * order (the last key varies fastest). A grid key names a field of a job request: a
 * top-level one ({@code strategy}, {@code blackBoxModel}, ...) or one of its
 * {@code settings} ({@code kernel}, {@code intrinsicDim}, ..., also written
 * {@code settings.kernel}). The keys are read from the request records themselves, so a
 * setting added to {@link JobSettings} or {@link CreateJobRequest} can be varied without
 * touching this class; the values are checked later by the job's own validation.
 */
final class StudyGrid {

	/** Most values of one grid key. */
	static final int MAX_VALUES = 20;

	/** Most arms of a study. */
	static final int MAX_ARMS = 50;

	// what the study sets itself: the task, each job's seed and budget
	private static final Set<String> NOT_VARIED = Set.of("taskId", "task", "settings", "budget", "callbackUrl", "seed");

	private static final List<String> JOB_FIELDS = fields(CreateJobRequest.class);

	private static final List<String> SETTINGS_FIELDS = fields(JobSettings.class);

	private final List<Arm> arms;

	private StudyGrid(List<Arm> arms) {
		this.arms = arms;
	}

	/**
	 * One grid point: the values it gives its keys.
	 *
	 * @param index position in the grid's order, from 0
	 * @param name the values as {@code key=value, key=value} ({@code base} without a
	 * grid)
	 * @param values key (as the grid names it) to value
	 */
	record Arm(int index, String name, Map<String, JsonNode> values) {

		/** Writes the arm's values into a job request's JSON. */
		void applyTo(ObjectNode job) {
			for (Map.Entry<String, JsonNode> value : this.values.entrySet()) {
				// the keys were validated against target() when the study was created
				String[] path = Objects.requireNonNull(target(value.getKey()));
				ObjectNode parent = job;
				for (int i = 0; i < path.length - 1; i++) {
					JsonNode child = parent.get(path[i]);
					parent = (child instanceof ObjectNode object) ? object : parent.putObject(path[i]);
				}
				parent.set(path[path.length - 1], value.getValue().deepCopy());
			}
		}

	}

	/**
	 * Expands a grid, adding a violation for each bad key or value list.
	 * @param grid key to values, in the order the request gave them (null: one arm)
	 */
	static StudyGrid expand(@Nullable Map<String, List<JsonNode>> grid, List<FieldViolation> violations) {
		Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
		long combinations = 1;
		Set<String> targets = new HashSet<>();
		for (Map.Entry<String, List<JsonNode>> axis : (grid != null) ? grid.entrySet()
				: Map.<String, List<JsonNode>>of().entrySet()) {
			String key = axis.getKey();
			String field = "grid." + key;
			if (target(key) == null) {
				violations.add(new FieldViolation(field, "unknown setting '" + key + "'; a study varies one of "
						+ String.join(", ", variable()) + " (each also as settings.<name> for a setting)"));
				continue;
			}
			if (!targets.add(String.join(".", target(key)))) {
				violations.add(new FieldViolation(field, "names the same setting as another grid key"));
				continue;
			}
			List<JsonNode> values = axis.getValue();
			if (values == null || values.isEmpty()) {
				violations.add(new FieldViolation(field, "give at least one value"));
				continue;
			}
			if (values.size() > MAX_VALUES) {
				violations.add(new FieldViolation(field, "at most " + MAX_VALUES + " values"));
				continue;
			}
			if (new HashSet<>(values).size() < values.size()) {
				violations.add(new FieldViolation(field, "values must be distinct"));
				continue;
			}
			if (values.stream().anyMatch((v) -> v == null || v.isNull())) {
				violations.add(new FieldViolation(field, "null is not a value to compare (leave the key out)"));
				continue;
			}
			axes.put(key, values);
			combinations *= values.size();
		}
		if (combinations > MAX_ARMS) {
			violations.add(new FieldViolation("grid",
					"at most " + MAX_ARMS + " arms (the product of the value counts is " + combinations + ")"));
			return new StudyGrid(List.of());
		}
		List<Map<String, JsonNode>> points = new ArrayList<>();
		points.add(new LinkedHashMap<>());
		for (Map.Entry<String, List<JsonNode>> axis : axes.entrySet()) {
			List<Map<String, JsonNode>> next = new ArrayList<>();
			for (Map<String, JsonNode> point : points) {
				for (JsonNode value : axis.getValue()) {
					Map<String, JsonNode> extended = new LinkedHashMap<>(point);
					extended.put(axis.getKey(), value);
					next.add(extended);
				}
			}
			points = next;
		}
		List<Arm> arms = new ArrayList<>();
		for (Map<String, JsonNode> point : points) {
			arms.add(new Arm(arms.size(), name(point), Collections.unmodifiableMap(point)));
		}
		return new StudyGrid(List.copyOf(arms));
	}

	List<Arm> arms() {
		return this.arms;
	}

	/**
	 * The index of the arm {@code baseline} names (its value for every grid key), the
	 * first arm when it is null; -1 with a violation when it names none.
	 */
	int baseline(@Nullable Map<String, JsonNode> baseline, List<FieldViolation> violations) {
		if (baseline == null || this.arms.isEmpty()) {
			return 0;
		}
		for (Arm arm : this.arms) {
			if (arm.values().equals(baseline)) {
				return arm.index();
			}
		}
		violations.add(new FieldViolation("baseline", "names no arm of the grid: give one value of the grid for "
				+ "every grid key, e.g. " + this.arms.get(0).values()));
		return -1;
	}

	/**
	 * Where a grid key goes in a job request: {@code [field]} or
	 * {@code [settings, field]}; null for a key that is not a variable setting.
	 */
	static String @Nullable [] target(String key) {
		if (key.startsWith("settings.")) {
			String field = key.substring("settings.".length());
			return (SETTINGS_FIELDS.contains(field) && !NOT_VARIED.contains(field)) ? new String[] { "settings", field }
					: null;
		}
		if (JOB_FIELDS.contains(key) && !NOT_VARIED.contains(key)) {
			return new String[] { key };
		}
		if (SETTINGS_FIELDS.contains(key) && !NOT_VARIED.contains(key)) {
			return new String[] { "settings", key };
		}
		return null;
	}

	/** The keys a grid may vary, sorted. */
	static Set<String> variable() {
		Set<String> keys = new TreeSet<>();
		JOB_FIELDS.stream().filter((f) -> !NOT_VARIED.contains(f)).forEach(keys::add);
		SETTINGS_FIELDS.stream().filter((f) -> !NOT_VARIED.contains(f)).forEach(keys::add);
		return keys;
	}

	private static String name(Map<String, JsonNode> point) {
		if (point.isEmpty()) {
			return "base";
		}
		List<String> parts = new ArrayList<>();
		point.forEach((key, value) -> parts.add(key + "=" + (value.isString() ? value.asString() : value.toString())));
		return String.join(", ", parts);
	}

	private static List<String> fields(Class<? extends Record> type) {
		return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
	}

}
