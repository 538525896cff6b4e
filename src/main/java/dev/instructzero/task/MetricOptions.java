package dev.instructzero.task;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Parameters of a task's metric, the {@code metricOptions} object of {@code POST /tasks};
 * each metric reads only its own fields and {@link TaskService} refuses the others.
 *
 * @param pattern {@code regex}: the pattern the answer must contain a match of (Java
 * syntax, searched like Python's {@code re.search}); {@code {output}} stands for the
 * example's expected output, inserted literally
 * @param ignoreCase {@code regex}: match case-insensitively (default false)
 * @param absoluteTolerance {@code numeric}: largest accepted absolute difference (default
 * 0)
 * @param relativeTolerance {@code numeric}: largest accepted difference relative to the
 * larger magnitude, as Python's {@code math.isclose} (default 1e-9)
 * @param jsonMatch {@code json}: {@code exact} (default) or {@code subset} (the answer
 * may have fields the expected output does not)
 * @param stripCodeFence {@code json}: read the first fenced code block of the answer when
 * there is one (default true)
 * @param choices {@code choice}: the listed options, labelled A, B, C... in order;
 * optional when the expected outputs are labels
 * @param judgeModel {@code llm_judge}: the model that grades (one of the allowed models)
 * @param rubric {@code llm_judge}: what makes an answer good, given to the judge
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricOptions(@Nullable String pattern, @Nullable Boolean ignoreCase, @Nullable Double absoluteTolerance,
		@Nullable Double relativeTolerance, @Nullable String jsonMatch, @Nullable Boolean stripCodeFence,
		@Nullable List<String> choices, @Nullable String judgeModel, @Nullable String rubric) {

	/** No options: every metric's defaults. */
	public static final MetricOptions NONE = new MetricOptions(null, null, null, null, null, null, null, null, null);

	/** Options of the metrics that have no judge. */
	public MetricOptions(String pattern, Boolean ignoreCase, Double absoluteTolerance, Double relativeTolerance,
			String jsonMatch, Boolean stripCodeFence, List<String> choices) {
		this(pattern, ignoreCase, absoluteTolerance, relativeTolerance, jsonMatch, stripCodeFence, choices, null, null);
	}

	public MetricOptions {
		// nulls kept for validation to name them
		choices = (choices != null) ? java.util.Collections.unmodifiableList(new java.util.ArrayList<>(choices)) : null;
	}

	boolean ignoreCaseOrDefault() {
		return Boolean.TRUE.equals(this.ignoreCase);
	}

	double absoluteToleranceOrDefault() {
		return (this.absoluteTolerance != null) ? this.absoluteTolerance : 0.0;
	}

	double relativeToleranceOrDefault() {
		return (this.relativeTolerance != null) ? this.relativeTolerance : 1e-9;
	}

	boolean subsetMatch() {
		return "subset".equals(this.jsonMatch);
	}

	boolean stripCodeFenceOrDefault() {
		return !Boolean.FALSE.equals(this.stripCodeFence);
	}

	List<String> choicesOrEmpty() {
		return (this.choices != null) ? this.choices : List.of();
	}

}
