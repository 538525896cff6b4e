package dev.instructzero.evaluator;

import java.util.List;

import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.Metric;
import dev.instructzero.task.MetricOptions;
import dev.instructzero.task.PromptTemplate;

/**
 * One instruction to score on a list of examples (the job's fixed dev subset, or the test
 * examples for the final instruction).
 *
 * @param model black-box model; {@code null} means
 * {@code instructzero.evaluator.default-model}
 * @param instruction the instruction put after {@code Instruction:}
 * @param examples the examples, not empty; the score vector follows their order
 * @param metric how answers are scored
 * @param metricOptions the metric's parameters ({@link MetricOptions#NONE} for defaults)
 * @param template how each prompt is rendered ({@link PromptTemplate#APE} by default)
 */
public record EvaluationRequest(String model, String instruction, List<LabeledExample> examples, Metric metric,
		MetricOptions metricOptions, PromptTemplate template) {

	/** A request with the metric's default options and APE's prompt template. */
	public EvaluationRequest(String model, String instruction, List<LabeledExample> examples, Metric metric) {
		this(model, instruction, examples, metric, MetricOptions.NONE, PromptTemplate.APE);
	}

	public EvaluationRequest {
		if (instruction == null) {
			throw new IllegalArgumentException("an evaluation needs an instruction");
		}
		if (examples == null || examples.isEmpty()) {
			throw new IllegalArgumentException("an evaluation needs at least one example");
		}
		if (metric == null) {
			throw new IllegalArgumentException("an evaluation needs a metric");
		}
		examples = List.copyOf(examples);
		metricOptions = (metricOptions != null) ? metricOptions : MetricOptions.NONE;
		template = (template != null) ? template : PromptTemplate.APE;
	}

}
