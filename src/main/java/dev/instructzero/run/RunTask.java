package dev.instructzero.run;

import java.util.List;

import dev.instructzero.evaluator.EvaluationRequest;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.Metric;
import dev.instructzero.task.MetricOptions;
import dev.instructzero.task.PromptTemplate;

/**
 * What a run scores instructions on: the job's black-box model and the task's metric,
 * prompt template and examples.
 *
 * @param devSubset the fixed dev subset every candidate is scored on
 * @param testExamples scored once, with the final choice
 * @param finalExamples dev-pool examples outside the dev subset, for the final selection
 */
public record RunTask(String model, Metric metric, MetricOptions metricOptions, PromptTemplate template,
		List<LabeledExample> devSubset, List<LabeledExample> testExamples, List<LabeledExample> finalExamples) {

	/**
	 * What scoring {@code instruction} on {@code examples} asks the evaluator, in the
	 * task's own prompt format and metric for dev, selection and test alike.
	 */
	EvaluationRequest evaluationOf(String instruction, List<LabeledExample> examples) {
		return new EvaluationRequest(this.model, instruction, examples, this.metric, this.metricOptions, this.template);
	}

	/** Whether an LLM judge scores the answers (its usage is reported apart). */
	boolean judged() {
		return this.metric == Metric.LLM_JUDGE;
	}

}
