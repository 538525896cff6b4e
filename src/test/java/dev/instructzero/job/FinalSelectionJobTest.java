package dev.instructzero.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import dev.instructzero.support.TestDatabase;
import dev.instructzero.task.DataSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The final selection end to end through the REST API, on stub servers whose black box
 * answers per instruction: instruction A ("backwards") is right on exactly the 20 dev
 * subset examples and wrong elsewhere, B ("related") is right everywhere but on one
 * subset example. On the subset A leads 20/20 to 19/20; on the wider evaluation B wins.
 */
@StubbedService(database = "final_selection")
class FinalSelectionJobTest {

	static final long SEED = 5;

	static final String SETTINGS = "\"strategy\": \"random\", \"settings\": {\"seed\": " + SEED
			+ ", \"initialTrials\": 8, \"batchSize\": 4, \"iterations\": 1}";

	static final Pattern WORD = Pattern.compile("Input: word(\\d+)\\n");

	@TempDir
	static Path dir;

	static StubLlms stubs;

	static RunningService service;

	@Test
	void picksTheInstructionThatIsBetterOnTheWiderEvaluationOverTheDevSubsetLeader() {
		// 60 examples: 30 exemplars, 30 dev (20 in the subset, 10 extra: fewer than the
		// default 40)
		TaskWorld world = new TaskWorld(60, 5, 0);
		stubs.answerRule = world.rule();
		int before = stubs.blackBoxPrompts.size();
		String id = service.post("/jobs", "{\"task\": " + world.taskJson() + ", " + SETTINGS + "}", 202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("stopReason").asString()).isEqualTo("COMPLETED");
		assertThat(job.path("settings").path("finalCandidates").asInt()).isEqualTo(5);
		assertThat(job.path("settings").path("finalExamples").asInt()).isEqualTo(40);

		JsonNode trials = service.get("/jobs/" + id + "/trials?size=100&sort=devScore,desc");
		JsonNode devLeader = trials.path("content").get(0);
		assertThat(devLeader.path("instruction").asString()).as("A leads on the dev subset").contains("backwards");
		assertThat(devLeader.path("devScore").asDouble()).isEqualTo(1.0);
		int distinct = distinctInstructions(trials);
		assertThat(distinct).as("both A and B were generated").isBetween(2, 4);

		JsonNode best = service.get("/jobs/" + id + "/best");
		assertThat(best.path("instruction").asString()).contains("related to the input");
		assertThat(best.path("selectedBy").asString()).isEqualTo("final-selection");
		assertThat(best.path("devScore").asDouble()).isEqualTo(0.95);
		assertThat(best.path("devExamples").asInt()).isEqualTo(20);
		JsonNode wider = best.path("widerScore");
		assertThat(wider.path("examples").asInt()).isEqualTo(30);
		assertThat(wider.path("score").asDouble()).isCloseTo(29.0 / 30, within(1e-12));
		assertThat(wider.path("candidatesCompared").asInt()).isEqualTo(distinct);
		// Wilson for 29/30 by the closed form: centre (29/30 + z²/60) / (1 + z²/30) =
		// 0.9136938, half width z·√(p(1−p)/30 + z²/3600) / (1 + z²/30) = 0.0803977
		assertThat(wider.path("interval").path("method").asString()).isEqualTo("wilson");
		assertThat(wider.path("interval").path("confidence").asDouble()).isEqualTo(0.95);
		assertThat(wider.path("interval").path("low").asDouble()).isCloseTo(0.8332961, within(1e-6));
		assertThat(wider.path("interval").path("high").asDouble()).isCloseTo(0.9940914, within(1e-6));
		assertThat(best.path("testScore").asDouble()).as("B, not A, was scored on the test examples").isEqualTo(1.0);

		// the job's progress follows the same definition of the best
		JsonNode progress = service.get("/jobs/" + id).path("progress");
		assertThat(progress.path("bestOrdinal").asInt()).isEqualTo(best.path("ordinal").asInt());
		assertThat(progress.path("bestDevScore").asDouble()).isEqualTo(0.95);

		// paid: every distinct instruction on the subset, every candidate on the 10 extra
		// examples, the final choice on the 5 test examples; nothing twice
		List<String> prompts = stubs.blackBoxPrompts.subList(before, stubs.blackBoxPrompts.size());
		assertThat(prompts).hasSize(distinct * 20 + distinct * 10 + 5).doesNotHaveDuplicates();
		assertThat(prompts.stream().filter((p) -> world.extra().contains(word(p)))).hasSize(distinct * 10);
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(prompts.size());
	}

	@Test
	void aBudgetStopInTheFinalSelectionKeepsTheJobSucceededWithTheBestOfTheCandidatesScored() {
		// a twin job on other words tells how many calls the search pays
		TaskWorld twin = new TaskWorld(60, 5, 3000);
		stubs.answerRule = twin.rule();
		String twinId = service.post("/jobs", "{\"task\": " + twin.taskJson() + ", " + SETTINGS + "}", 202)
			.path("id")
			.asString();
		awaitFinished(service, twinId, Duration.ofMinutes(2));
		int distinct = distinctInstructions(service.get("/jobs/" + twinId + "/trials?size=100"));

		// room for the search, the first candidate (A) and 4 of B's 10 extra calls
		TaskWorld world = new TaskWorld(60, 5, 6000);
		stubs.answerRule = world.rule();
		long budget = distinct * 20L + 10 + 4;
		String id = service
			.post("/jobs",
					"{\"task\": " + world.taskJson() + ", \"budget\": {\"maxBlackBoxCalls\": " + budget + "}, "
							+ SETTINGS + "}",
					202)
			.path("id")
			.asString();
		JsonNode job = awaitFinished(service, id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("stopReason").asString()).isEqualTo("BUDGET");
		assertThat(job.path("progress").path("paidCalls").asLong()).isEqualTo(budget);
		assertThat(job.path("progress").path("trialsDone").asInt()).isEqualTo(12);

		JsonNode best = service.get("/jobs/" + id + "/best");
		assertThat(best.path("instruction").asString()).as("the only candidate scored on the wider examples")
			.contains("backwards");
		assertThat(best.path("selectedBy").asString()).isEqualTo("final-selection");
		assertThat(best.path("widerScore").path("candidatesCompared").asInt()).isEqualTo(1);
		assertThat(best.path("widerScore").path("score").asDouble()).isCloseTo(20.0 / 30, within(1e-12));
		assertThat(best.path("testScore").isNull()).as("no budget left for the test run").isTrue();
	}

	@Test
	void resumesAFinalSelectionCutShortByACrashWithoutPayingTwice() {
		// 100 examples: 50 dev, 20 in the subset, 30 extra
		TaskWorld world = new TaskWorld(100, 5, 9000);
		int answeredBeforeCrash = 8;
		AtomicInteger extraCallsOfB = new AtomicInteger();
		try (StubLlms crashStubs = StubLlms.start(dir.resolve("crash"))) {
			crashStubs.answerRule = world.rule();
			// B's extra examples: 8 answered, then the black box is overloaded and the
			// job
			// waits a minute to retry, with no call under way, when its replica stops
			crashStubs.overloadedFor = (prompt) -> prompt.contains("related to the input")
					&& world.extra().contains(word(prompt)) && extraCallsOfB.getAndIncrement() >= answeredBeforeCrash;
			String db = TestDatabase.freshDatabaseUrl("final_selection_resume");
			String id;
			// the stop interrupts the waiting job after 1 s instead of JobRunr's 10 s
			List<String> stopsAtOnce = new ArrayList<>(crashStubs.properties());
			stopsAtOnce.add("--jobrunr.background-job-server.interrupt-jobs-await-duration-on-stop=1s");
			try (RunningService first = RunningService.start(db, stopsAtOnce)) {
				id = first.post("/jobs", "{\"task\": " + world.taskJson() + ", " + SETTINGS + "}", 202)
					.path("id")
					.asString();
				await().atMost(Duration.ofMinutes(2))
					.until(() -> crashStubs.overloadedAnswers.get() >= 30 - answeredBeforeCrash);
				assertThat(first.get("/jobs/" + id).path("progress").path("phase").asString())
					.isEqualTo("final-selection");
			}
			crashStubs.overloadedFor = null;
			int paidBeforeResume = crashStubs.blackBoxPrompts.size();
			try (RunningService second = RunningService.start(db, crashStubs.properties())) {
				JsonNode job = awaitFinished(second, id, Duration.ofMinutes(3));
				assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
				assertThat(job.path("stopReason").asString()).isEqualTo("COMPLETED");
				assertThat(second.get("/jobs/" + id + "/best").path("instruction").asString())
					.contains("related to the input");

				assertThat(crashStubs.repeatedBlackBoxPrompts()).as("no black-box call paid twice").isZero();
				assertThat(job.path("progress").path("paidCalls").asLong())
					.isEqualTo(crashStubs.blackBoxPrompts.size());
				List<String> afterResume = crashStubs.blackBoxPrompts.subList(paidBeforeResume,
						crashStubs.blackBoxPrompts.size());
				assertThat(afterResume).as("A's persisted wider evaluation is not scored again")
					.noneMatch((p) -> p.contains("backwards") && world.extra().contains(word(p)));
				assertThat(afterResume.stream().filter((p) -> p.contains("related to the input")))
					.as("B's remaining extra examples, then the test examples")
					.hasSize(30 - answeredBeforeCrash + 5);
				assertThat(job.path("progress").path("cacheHits").asLong())
					.as("B's answers paid before the crash come from the cache; A's evaluation is not repeated")
					.isEqualTo(answeredBeforeCrash);
			}
		}
	}

	private static int distinctInstructions(JsonNode trials) {
		Set<String> instructions = new HashSet<>();
		for (JsonNode trial : trials.path("content")) {
			instructions.add(trial.path("instruction").asString());
		}
		return instructions.size();
	}

	private static int word(String prompt) {
		Matcher m = WORD.matcher(prompt);
		return m.find() ? Integer.parseInt(m.group(1)) : -1;
	}

	/**
	 * The antonym task on words numbered from {@code offset}, with the job's split of its
	 * examples (the same seed gives the same split).
	 */
	record TaskWorld(int examples, int testExamples, int offset) {

		String taskJson() {
			return StubLlms.taskJson(this.examples, this.testExamples, this.offset);
		}

		private DataSplit<Integer> split() {
			return DataSplit.of(IntStream.range(0, this.examples).map((i) -> this.offset + i).boxed().toList(),
					List.of(), SEED, 20);
		}

		Set<Integer> subset() {
			return Set.copyOf(split().devSubset());
		}

		Set<Integer> extra() {
			return Set.copyOf(split().beyondDevSubset(40));
		}

		/**
		 * A: right on exactly the subset; B: right everywhere (extra and test words too)
		 * but on one subset word; any other instruction: always wrong.
		 */
		StubLlms.AnswerRule rule() {
			Set<Integer> subset = subset();
			int missedByB = split().devSubset().get(0);
			return (instruction, word) -> {
				if (instruction.contains("backwards")) {
					return subset.contains(word);
				}
				if (instruction.contains("related to the input")) {
					return word != missedByB;
				}
				return false;
			};
		}

	}

}
