package dev.instructzero.task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import dev.instructzero.web.FieldViolation;
import org.jspecify.annotations.Nullable;

/**
 * The rules {@code POST /tasks} checks on how a task is scored: its prompt template, its
 * metric options, and whether each acceptable output can be matched under its metric.
 * Every rule adds a {@link FieldViolation} naming the JSON path of the field.
 */
final class TaskScoringRules {

	static final int MAX_TEMPLATE_MESSAGES = 20;

	static final int MAX_MESSAGE_LENGTH = 8000;

	static final int MAX_TEMPLATE_LENGTH = 20000;

	static final int MAX_CHOICES = 26;

	private TaskScoringRules() {
	}

	/** The validated template, or {@code null} (the default) when none was given. */
	static @Nullable PromptTemplate template(@Nullable List<TaskRequest.PromptMessageRequest> given, String field,
			List<FieldViolation> violations) {
		if (given == null) {
			return null;
		}
		if (given.isEmpty() || given.size() > MAX_TEMPLATE_MESSAGES) {
			violations.add(new FieldViolation(field, "between 1 and " + MAX_TEMPLATE_MESSAGES + " messages"));
			return null;
		}
		int before = violations.size();
		List<PromptTemplate.Message> messages = new ArrayList<>();
		int total = 0;
		for (int i = 0; i < given.size(); i++) {
			TaskRequest.PromptMessageRequest message = given.get(i);
			String at = field + "[" + i + "]";
			if (message == null) {
				violations.add(new FieldViolation(at, "a message needs a role and a content"));
				continue;
			}
			PromptTemplate.Role role = PromptTemplate.Role.fromWireName(message.role());
			if (role == null) {
				violations.add(new FieldViolation(at + ".role", "must be system, user or assistant"));
			}
			if (message.content() == null) {
				violations.add(new FieldViolation(at + ".content", "must not be null"));
			}
			else if (message.content().length() > MAX_MESSAGE_LENGTH) {
				violations.add(new FieldViolation(at + ".content", "at most " + MAX_MESSAGE_LENGTH + " characters"));
			}
			else {
				total += message.content().length();
			}
			if (role != null && message.content() != null) {
				messages.add(new PromptTemplate.Message(role, message.content()));
			}
		}
		if (violations.size() > before) {
			return null;
		}
		if (total > MAX_TEMPLATE_LENGTH) {
			violations.add(new FieldViolation(field,
					"at most " + MAX_TEMPLATE_LENGTH + " characters in all messages together"));
		}
		PromptTemplate template = new PromptTemplate(messages);
		int instructions = template.count(PromptTemplate.INSTRUCTION);
		if (instructions != 1) {
			violations.add(new FieldViolation(field, "must contain " + PromptTemplate.INSTRUCTION
					+ " exactly once in all messages together, found " + instructions));
		}
		if (template.count(PromptTemplate.INPUT) < 1) {
			violations.add(new FieldViolation(field, "must contain " + PromptTemplate.INPUT + " at least once"));
		}
		if (messages.get(messages.size() - 1).role() != PromptTemplate.Role.USER) {
			violations.add(new FieldViolation(field + "[" + (messages.size() - 1) + "].role",
					"the last message must be the user's, for the black box to answer it"));
		}
		return template;
	}

	/** The validated options, or {@code null} (the defaults) when none were given. */
	static @Nullable MetricOptions metricOptions(@Nullable Metric metric, @Nullable MetricOptions options, String field,
			List<FieldViolation> violations) {
		if (metric == null) {
			return null;
		}
		// absent options are the defaults, which regex and llm_judge cannot do with
		MetricOptions given = (options != null) ? options : MetricOptions.NONE;
		onlyFor(metric, Metric.REGEX, given.pattern(), field + ".pattern", violations);
		onlyFor(metric, Metric.REGEX, given.ignoreCase(), field + ".ignoreCase", violations);
		onlyFor(metric, Metric.NUMERIC, given.absoluteTolerance(), field + ".absoluteTolerance", violations);
		onlyFor(metric, Metric.NUMERIC, given.relativeTolerance(), field + ".relativeTolerance", violations);
		onlyFor(metric, Metric.JSON, given.jsonMatch(), field + ".jsonMatch", violations);
		onlyFor(metric, Metric.JSON, given.stripCodeFence(), field + ".stripCodeFence", violations);
		onlyFor(metric, Metric.CHOICE, given.choices(), field + ".choices", violations);
		onlyFor(metric, Metric.LLM_JUDGE, given.judgeModel(), field + ".judgeModel", violations);
		onlyFor(metric, Metric.LLM_JUDGE, given.rubric(), field + ".rubric", violations);
		switch (metric) {
			case REGEX -> {
				if (given.pattern() == null || given.pattern().isEmpty()) {
					violations.add(new FieldViolation(field + ".pattern", "the regex metric needs a pattern"));
				}
				else {
					String problem = RegexMetric.problem(given.pattern());
					if (problem != null) {
						violations.add(new FieldViolation(field + ".pattern", problem));
					}
				}
			}
			case NUMERIC -> {
				tolerance(given.absoluteTolerance(), field + ".absoluteTolerance", violations);
				tolerance(given.relativeTolerance(), field + ".relativeTolerance", violations);
			}
			case JSON -> {
				if (given.jsonMatch() != null && !given.jsonMatch().equals("exact")
						&& !given.jsonMatch().equals("subset")) {
					violations.add(new FieldViolation(field + ".jsonMatch", "must be exact or subset"));
				}
			}
			case CHOICE -> choices(given.choices(), field + ".choices", violations);
			case LLM_JUDGE -> {
				// whether the model is allowed is checked when a job is created: the
				// allowed
				// models are the evaluator's configuration
				if (given.judgeModel() == null || given.judgeModel().isBlank()) {
					violations
						.add(new FieldViolation(field + ".judgeModel", "the llm_judge metric needs a judge model"));
				}
				if (given.rubric() == null || given.rubric().isBlank()) {
					violations.add(new FieldViolation(field + ".rubric", "the llm_judge metric needs a rubric"));
				}
				else if (given.rubric().length() > TaskLimits.MAX_TEXT_LENGTH) {
					violations.add(new FieldViolation(field + ".rubric",
							"at most " + TaskLimits.MAX_TEXT_LENGTH + " characters"));
				}
			}
			default -> {
			}
		}
		return options;
	}

	/**
	 * The examples with the acceptable outputs no answer could match dropped (one warning
	 * each), and a violation for every output the metric cannot read or example left
	 * without outputs.
	 */
	static List<TaskExample> checkOutputs(Metric metric, @Nullable MetricOptions options, List<TaskExample> examples,
			TaskRequest request, String prefix, List<String> warnings, List<FieldViolation> violations) {
		MetricOptions given = (options != null) ? options : MetricOptions.NONE;
		if (metric == Metric.REGEX && given.pattern() == null) {
			return examples;
		}
		int trainCount = (request.examples() != null) ? request.examples().size() : 0;
		List<TaskExample> kept = new ArrayList<>(examples.size());
		for (int i = 0; i < examples.size(); i++) {
			TaskExample example = examples.get(i);
			boolean train = i < trainCount;
			TaskRequest.ExampleRequest source = train ? request.examples().get(i)
					: Objects.requireNonNull(request.testExamples()).get(i - trainCount);
			String field = prefix + (train ? "examples[" + i + "]" : "testExamples[" + (i - trainCount) + "]");
			List<String> outputs = new ArrayList<>();
			for (int j = 0; j < example.outputs().size(); j++) {
				String output = example.outputs().get(j);
				String at = field + ((source.outputs() != null) ? ".outputs[" + j + "]" : ".output");
				if (matchesNothing(metric, output)) {
					warnings.add(at + ": dropped the acceptable output \"" + output + "\": it is empty"
							+ (metric.normalizes() ? " after the benchmark's normalisation" : "")
							+ ", so no answer can match it");
					continue;
				}
				String problem = unreadable(metric, given, output);
				if (problem != null) {
					violations.add(new FieldViolation(at, problem));
				}
				outputs.add(output);
			}
			if (outputs.isEmpty()) {
				violations.add(new FieldViolation(field + ((source.outputs() != null) ? ".outputs" : ".output"),
						"no acceptable output is left: every one is empty"
								+ (metric.normalizes() ? " after the benchmark's normalisation" : "")));
				continue;
			}
			kept.add((outputs.size() == example.outputs().size()) ? example
					: new TaskExample(example.split(), example.input(), outputs));
		}
		return kept;
	}

	private static boolean matchesNothing(Metric metric, String output) {
		if (PythonText.strip(output).isEmpty()) {
			return true;
		}
		return metric.normalizes() && PythonText.strip(AnswerNormalizer.normalize(output)).isEmpty();
	}

	private static @Nullable String unreadable(Metric metric, MetricOptions options, String output) {
		return switch (metric) {
			case NUMERIC ->
				NumericMetric.firstNumber(output).isEmpty() ? "the numeric metric needs a number here" : null;
			case CHOICE -> ChoiceMetric.expectedLabel(output, options.choicesOrEmpty()).isEmpty()
					? "the choice metric needs a label (A, B, ...)"
							+ (options.choicesOrEmpty().isEmpty() ? "" : " within the choices or one of the choices")
					: null;
			default -> null;
		};
	}

	private static void onlyFor(Metric metric, Metric owner, @Nullable Object value, String field,
			List<FieldViolation> violations) {
		if (value != null && metric != owner) {
			violations.add(new FieldViolation(field, "only for the " + owner.wireName() + " metric"));
		}
	}

	private static void tolerance(@Nullable Double value, String field, List<FieldViolation> violations) {
		if (value != null && (!Double.isFinite(value) || value < 0)) {
			violations.add(new FieldViolation(field, "must be a finite number >= 0"));
		}
	}

	private static void choices(@Nullable List<String> choices, String field, List<FieldViolation> violations) {
		if (choices == null) {
			return;
		}
		if (choices.size() < 2 || choices.size() > MAX_CHOICES) {
			violations.add(new FieldViolation(field, "between 2 and " + MAX_CHOICES + " choices"));
			return;
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < choices.size(); i++) {
			String choice = choices.get(i);
			if (choice == null || PythonText.strip(choice).isEmpty()) {
				violations.add(new FieldViolation(field + "[" + i + "]", "must not be blank"));
			}
			else if (choice.length() > TaskLimits.MAX_TEXT_LENGTH) {
				violations.add(new FieldViolation(field + "[" + i + "]",
						"at most " + TaskLimits.MAX_TEXT_LENGTH + " characters"));
			}
			else if (!seen.add(PythonText.strip(choice).toLowerCase(Locale.ROOT))) {
				violations.add(new FieldViolation(field + "[" + i + "]", "repeats an earlier choice"));
			}
		}
	}

}
