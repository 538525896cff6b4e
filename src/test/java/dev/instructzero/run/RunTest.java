package dev.instructzero.run;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import dev.instructzero.evaluator.JobBudget;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.evaluator.JudgeTotals;
import dev.instructzero.evaluator.SimulatedBlackBox;
import dev.instructzero.evaluator.UsageTotals;
import dev.instructzero.generator.GeneratedInstruction;
import dev.instructzero.task.LabeledExample;
import dev.instructzero.task.Metric;
import dev.instructzero.task.MetricOptions;
import dev.instructzero.task.PromptTemplate;
import dev.instructzero.trial.ExampleAnswer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine loop on in-memory fakes that count what it pays: black-box calls (a
 * {@link SimulatedBlackBox}), generations (a scripted {@link CandidateSource}) and
 * persisted trials (an in-memory job).
 */
class RunTest {

	static final UUID JOB = UUID.randomUUID();

	static final List<LabeledExample> DEV = IntStream.range(0, 4)
		.mapToObj((i) -> LabeledExample.of("in" + i, "out" + i))
		.toList();

	/** Instructions containing "good" get every example right. */
	final SimulatedBlackBox box = new SimulatedBlackBox(
			(instruction, input) -> instruction.contains("good") ? "out" + input.substring(2) : "wrong");

	final InMemoryJob job = new InMemoryJob();

	/** One candidate per batch: the run is sequential, so who pays first is fixed. */
	static Plan oneAtATime(int trials) {
		return new Plan(1, 1, trials - 1, false, 1, false, Integer.MAX_VALUE);
	}

	@Test
	void aDuplicateInstructionPaysNoBlackBoxCall() {
		ScriptedSource source = new ScriptedSource(
				(ordinal) -> (ordinal % 2 == 0) ? "Answer good " + ordinal : " Answer   good " + (ordinal - 1));
		StopReason reason = run(oneAtATime(4), source, JobBudget.unlimited()).execute();

		assertThat(reason).isEqualTo(StopReason.COMPLETED);
		assertThat(source.generated).containsExactly(0, 1, 2, 3);
		// two distinct instructions (up to whitespace), each paid once per dev example
		assertThat(this.box.calls()).isEqualTo(2L * DEV.size());
		List<TrialResult> trials = this.job.sortedTrials();
		assertThat(trials).extracting(TrialResult::duplicate).containsExactly(false, true, false, true);
		assertThat(trials.get(1).instruction()).isEqualTo(trials.get(0).instruction());
		assertThat(trials.get(1).exampleScores()).containsExactly(trials.get(0).exampleScores());
		assertThat(trials.get(1).tokensIn()).isZero();
		assertThat(this.job.answers.get(1)).isEmpty();
		assertThat(this.job.answers.get(0)).hasSize(DEV.size());
		assertThat(this.job.usage.paidCalls()).isEqualTo(2L * DEV.size());
	}

	@Test
	void candidatesOfOneBatchWithTheSameInstructionPayOnceBetweenThem() {
		ScriptedSource source = new ScriptedSource((ordinal) -> "Same good instruction");
		run(new Plan(6, 1, 0, false, 1, false, Integer.MAX_VALUE), source, JobBudget.unlimited()).execute();

		assertThat(this.job.trials).hasSize(6);
		assertThat(this.job.trials).filteredOn((t) -> !t.duplicate()).hasSize(1);
		assertThat(this.box.calls()).isEqualTo(DEV.size());
	}

	@Test
	void aResumedRunPaysNothingForItsPersistedTrials() {
		IntFunction<String> script = (ordinal) -> "Instruction good " + ordinal;
		Plan plan = new Plan(2, 2, 2, false, 2, false, Integer.MAX_VALUE);
		this.job.crashAfter = 3;
		assertThatThrownBy(() -> run(plan, new ScriptedSource(script), JobBudget.unlimited()).execute())
			.isInstanceOf(JobInterruptedException.class);
		Set<Integer> persisted = new HashSet<>();
		this.job.trials.forEach((t) -> persisted.add(t.ordinal()));
		assertThat(persisted).hasSize(3);

		this.job.crashAfter = Integer.MAX_VALUE;
		ScriptedSource resumed = new ScriptedSource(script);
		StopReason reason = run(plan, resumed, JobBudget.unlimited()).execute();

		assertThat(reason).isEqualTo(StopReason.COMPLETED);
		// only the missing candidates are generated again, under their own ordinals
		assertThat(resumed.generated).doesNotContainAnyElementsOf(persisted).hasSize(3);
		assertThat(this.job.sortedTrials()).extracting(TrialResult::ordinal).containsExactly(0, 1, 2, 3, 4, 5);
		assertThat(this.job.sortedTrials())
			.allSatisfy((t) -> assertThat(t.instruction()).isEqualTo(script.apply(t.ordinal())));
		// every (instruction, example) pair paid once over both runs: the candidate cut
		// short by the crash finds its paid answers in the call cache
		assertThat(this.box.calls()).isEqualTo(6L * DEV.size());
		assertThat(this.box.repeatedCalls()).isZero();
	}

	@Test
	void aBudgetStopPaysForNothingPastTheBudget() {
		ScriptedSource source = new ScriptedSource((ordinal) -> "Instruction good " + ordinal);
		JobBudget budget = new JobBudget(null, 2L * DEV.size(), null, null);
		StopReason reason = run(oneAtATime(6), source, budget).execute();

		assertThat(reason).isEqualTo(StopReason.BUDGET);
		assertThat(this.box.calls()).isEqualTo(2L * DEV.size());
		assertThat(this.job.trials).hasSize(2);
		// the third candidate met the budget; nothing after it was generated
		assertThat(source.generated).containsExactly(0, 1, 2);
		assertThat(this.job.usage.paidCalls()).isEqualTo(2L * DEV.size());
	}

	@Test
	void aFailedGenerationIsRecordedAtNoCost() {
		ScriptedSource source = new ScriptedSource((ordinal) -> (ordinal == 1) ? "  " : "Instruction good " + ordinal);
		run(oneAtATime(3), source, JobBudget.unlimited()).execute();

		TrialResult failed = this.job.sortedTrials().get(1);
		assertThat(failed.generationFailed()).isTrue();
		assertThat(failed.exampleScores()).hasSize(DEV.size()).containsOnly(0.0);
		assertThat(this.box.calls()).isEqualTo(2L * DEV.size());
	}

	@Test
	void reportsThePlanAndThePhasesOfABudgetDrivenRun() {
		ScriptedSource source = new ScriptedSource((ordinal) -> "Instruction good " + ordinal);
		Plan untilBudget = new Plan(2, 3, 0, true, 3, false, 7);
		StopReason reason = run(untilBudget, source, JobBudget.unlimited()).execute();

		// the trial limit ends it; the plan grows batch by batch up to it
		assertThat(reason).isEqualTo(StopReason.BUDGET);
		assertThat(this.job.plans).containsExactly(2, 5, 7);
		assertThat(this.job.trials).hasSize(7);
		assertThat(this.job.phases).containsOnly("baseline 0", "baseline 1", "baseline 2");
	}

	Run run(Plan plan, CandidateSource source, JobBudget budget) {
		RunTask task = new RunTask("sim-model", Metric.EXACT_MATCH, MetricOptions.NONE, PromptTemplate.APE, DEV,
				List.of(), List.of());
		RunSetup setup = new RunSetup(JOB, plan, source, task, new RacingRule(List.of(DEV.size()), 0.99), 3);
		RunServices services = new RunServices(this.box.evaluator(), RunMetrics.NONE, Clock.systemUTC(),
				new GenerationPermits(4, 1 << 20), JobObservations.NOOP);
		return new Run(setup, services, this.job, this.job, this.job, JobUsage.resume(JOB, budget, this.job.usage),
				this.job.sortedTrials());
	}

	/** A baseline-like source whose instruction for each ordinal is scripted. */
	static final class ScriptedSource implements CandidateSource {

		final List<Integer> generated = new CopyOnWriteArrayList<>();

		private final IntFunction<String> script;

		ScriptedSource(IntFunction<String> script) {
			this.script = script;
		}

		@Override
		public String strategy() {
			return "scripted";
		}

		@Override
		public Proposal propose(Batch batch, RunHistory history) {
			return Proposal.NONE;
		}

		@Override
		public GeneratedInstruction instruction(int ordinal, double[] z) {
			this.generated.add(ordinal);
			String instruction = this.script.apply(ordinal);
			return new GeneratedInstruction(instruction, instruction);
		}

	}

	/**
	 * A job kept in memory; it dies like a stopping replica once it has crashAfter
	 * trials.
	 */
	static final class InMemoryJob implements TrialStore, SelectionStore, JobProgress {

		final List<TrialResult> trials = new CopyOnWriteArrayList<>();

		final java.util.Map<Integer, List<ExampleAnswer>> answers = new java.util.concurrent.ConcurrentHashMap<>();

		final List<Integer> plans = new CopyOnWriteArrayList<>();

		final List<String> phases = new CopyOnWriteArrayList<>();

		final List<FinalScore> finalScores = new CopyOnWriteArrayList<>();

		volatile int crashAfter = Integer.MAX_VALUE;

		volatile UsageTotals usage = UsageTotals.ZERO;

		List<TrialResult> sortedTrials() {
			List<TrialResult> sorted = new ArrayList<>(this.trials);
			sorted.sort(Comparator.comparingInt(TrialResult::ordinal));
			return sorted;
		}

		@Override
		public synchronized void record(TrialResult trial, UsageTotals usage, List<ExampleAnswer> devAnswers) {
			if (this.trials.size() >= this.crashAfter) {
				throw new JobInterruptedException("simulated crash", null);
			}
			this.trials.add(trial);
			this.answers.put(trial.ordinal(), devAnswers);
			usage(usage);
		}

		@Override
		public Optional<TrialResult> best() {
			return topDistinct(1).stream().findFirst();
		}

		@Override
		public List<TrialResult> topDistinct(int limit) {
			Set<String> seen = new HashSet<>();
			return sortedTrials().stream()
				.filter((t) -> !t.generationFailed() && seen.add(t.instruction()))
				.sorted(Comparator.comparingDouble(TrialResult::devScore).reversed())
				.limit(limit)
				.toList();
		}

		@Override
		public void recordTestScore(int ordinal, double score, UsageTotals usage, List<ExampleAnswer> testAnswers) {
			usage(usage);
		}

		@Override
		public List<FinalScore> scored() {
			return List.copyOf(this.finalScores);
		}

		@Override
		public void record(FinalScore candidate, UsageTotals usage) {
			this.finalScores.add(candidate);
		}

		@Override
		public void choose(int ordinal) {
		}

		@Override
		public boolean cancelRequested() {
			return false;
		}

		@Override
		public void phase(Phase phase, int iteration) {
			this.phases.add(phase.wireName() + " " + iteration);
		}

		@Override
		public void planned(int trialsPlanned) {
			this.plans.add(trialsPlanned);
		}

		@Override
		public synchronized void usage(UsageTotals usage) {
			if (usage.paidCalls() >= this.usage.paidCalls()) {
				this.usage = usage;
			}
		}

		@Override
		public void judgeUsage(JudgeTotals judge) {
		}

	}

}
