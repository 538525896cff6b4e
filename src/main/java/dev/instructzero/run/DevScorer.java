package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.instructzero.evaluator.Evaluation;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.trial.ExampleAnswer;

/**
 * Scores a new instruction on the dev subset by the {@link RacingRule}: each stage pays
 * only for the examples the previous ones did not score, in the subset's fixed order, so
 * score vectors stay aligned and paid calls stay distinct (instruction, example) pairs.
 */
final class DevScorer {

	private final UUID jobId;

	private final RunTask task;

	private final RacingRule racing;

	private final RunServices services;

	private final JobUsage usage;

	DevScorer(UUID jobId, RunTask task, RacingRule racing, RunServices services, JobUsage usage) {
		this.jobId = jobId;
		this.task = task;
		this.racing = racing;
		this.services = services;
		this.usage = usage;
	}

	/** Scores {@code instruction}; {@code incumbent} is what it must be able to beat. */
	Raced score(String instruction, double incumbent) {
		return this.services.observations()
			.observe(JobObservations.EVALUATION, "evaluation", this.jobId, () -> race(instruction, incumbent));
	}

	private Raced race(String instruction, double incumbent) {
		List<LabeledExample> dev = this.task.devSubset();
		double[] scores = new double[0];
		List<ExampleAnswer> answers = new ArrayList<>();
		long tokensIn = 0;
		long tokensOut = 0;
		int done = 0;
		for (int stage : this.racing.stageSizes()) {
			Evaluation evaluation = this.services.evaluator()
				.evaluate(this.task.evaluationOf(instruction, dev.subList(done, stage)), this.usage);
			double[] slice = evaluation.exampleScores();
			double[] grown = Arrays.copyOf(scores, stage);
			System.arraycopy(slice, 0, grown, done, slice.length);
			scores = grown;
			answers.addAll(answersOf(dev.subList(done, stage), evaluation, done));
			tokensIn += evaluation.tokensIn();
			tokensOut += evaluation.tokensOut();
			done = stage;
			if (done < dev.size() && RacingRule.cannotBeat(scores, incumbent, this.racing.confidence())) {
				return new Raced(new Scored(mean(scores), scores, true), answers, tokensIn, tokensOut);
			}
		}
		return new Raced(new Scored(mean(scores), scores, false), answers, tokensIn, tokensOut);
	}

	private static double mean(double[] values) {
		double sum = 0;
		for (double v : values) {
			sum += v;
		}
		return (values.length == 0) ? 0 : sum / values.length;
	}

	/**
	 * The answers behind an evaluation's scores, example by example, for examples that
	 * start at index {@code offset} of their list.
	 */
	static List<ExampleAnswer> answersOf(List<LabeledExample> examples, Evaluation evaluation, int offset) {
		double[] scores = evaluation.exampleScores();
		List<@Nullable String> verdicts = evaluation.verdicts();
		List<ExampleAnswer> answers = new ArrayList<>(examples.size());
		for (int i = 0; i < examples.size(); i++) {
			LabeledExample example = examples.get(i);
			answers.add(new ExampleAnswer(offset + i, example.input(), example.outputs(), evaluation.answers().get(i),
					scores[i], verdicts.get(i)));
		}
		return answers;
	}

	/**
	 * Scores of one instruction on the dev subset: all of it, or its first
	 * {@code exampleScores.length} examples when racing stopped it early.
	 */
	record Scored(double score, double[] exampleScores, boolean stoppedEarly) {
	}

	/** A new instruction's scores with the answers and tokens they took. */
	record Raced(Scored scored, List<ExampleAnswer> answers, long tokensIn, long tokensOut) {
	}

}
