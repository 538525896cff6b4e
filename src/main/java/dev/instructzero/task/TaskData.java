package dev.instructzero.task;

import java.util.List;

/**
 * What a job runs on: a task's metric, prompt template and labelled examples (train and
 * test, in their stored order), without the REST shape.
 */
public record TaskData(Metric metric, MetricOptions metricOptions, PromptTemplate promptTemplate,
		List<LabeledExample> examples, List<LabeledExample> testExamples) {

	static TaskData of(Task task) {
		return new TaskData(task.metric(), task.metricOptions(), task.promptTemplate(), labeled(task.trainExamples()),
				labeled(task.testExamples()));
	}

	private static List<LabeledExample> labeled(List<TaskExample> examples) {
		return examples.stream().map((e) -> new LabeledExample(e.input(), e.outputs())).toList();
	}

}
