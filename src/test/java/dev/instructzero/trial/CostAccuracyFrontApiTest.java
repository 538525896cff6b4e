package dev.instructzero.trial;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /jobs/{id}/front} and {@code /best?within=} on a job whose instructions have
 * known lengths and scores; the expected front is recomputed here by pairwise dominance.
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.ai.openai.api-key=test-key",
		"instructzero.evaluator.default-model=gpt-front", "instructzero.pricing[gpt-front].input-usd-per-mtok=2.5",
		"instructzero.pricing[gpt-front].output-usd-per-mtok=10" })
class CostAccuracyFrontApiTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	TrialRepository trials;

	/** Instruction → dev score; several lengths, ties, a duplicate and non-ASCII text. */
	static final Map<String, Double> SCORED = new LinkedHashMap<>();

	static {
		SCORED.put("Antonym.", 0.40);
		SCORED.put("Opposite!", 0.40); // longer than "Antonym." by bytes, same score
		SCORED.put("Give the antonym.", 0.70);
		SCORED.put("Write the antonym of the word.", 0.70); // dominated: longer, no
															// better
		SCORED.put("Write the opposite of the input word, one word.", 0.90);
		SCORED.put("Gegenteil: ein Wort, groß geschrieben, über alles.", 0.85); // dominated
		SCORED.put("Write the antonym of the input word; answer with exactly one lowercase word.", 0.95);
		SCORED.put("Nope.", 0.10);
		SCORED.put("Say the opposite of the given word, please, and nothing else at all.", 0.60);
	}

	@Test
	void frontHoldsExactlyTheUndominatedInstructionsWithTheirPerCallCost() throws Exception {
		UUID jobId = jobWithTrials();

		// independent truth: token estimate from UTF-8 bytes, pairwise dominance
		List<String> distinct = new ArrayList<>(SCORED.keySet());
		List<String> expected = new ArrayList<>();
		for (String a : distinct) {
			boolean dominated = false;
			for (String b : distinct) {
				boolean noWorse = tokens(b) <= tokens(a) && SCORED.get(b) >= SCORED.get(a);
				boolean better = tokens(b) < tokens(a) || SCORED.get(b) > SCORED.get(a);
				// of two equal points only the earlier trial stands
				boolean equalButEarlier = tokens(b) == tokens(a) && SCORED.get(b).equals(SCORED.get(a))
						&& distinct.indexOf(b) < distinct.indexOf(a);
				dominated |= (noWorse && better) || equalButEarlier;
			}
			if (!dominated) {
				expected.add(a);
			}
		}
		expected.sort(Comparator.comparingInt(CostAccuracyFrontApiTest::tokens));
		assertThat(expected).hasSizeBetween(3, distinct.size() - 2); // the data makes a
																		// real front

		String body = this.mvc.perform(get("/jobs/" + jobId + "/front"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.model").value("gpt-front"))
			.andExpect(jsonPath("$.inputUsdPerMtok").value(2.5))
			.andExpect(jsonPath("$.distinctInstructions").value(distinct.size()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		List<String> front = JsonPath.read(body, "$.front[*].instruction");
		assertThat(front).containsExactlyElementsOf(expected);
		List<String> dominated = JsonPath.read(body, "$.dominated[*].instruction");
		assertThat(dominated)
			.containsExactlyInAnyOrderElementsOf(distinct.stream().filter((i) -> !expected.contains(i)).toList());
		for (int i = 0; i < expected.size(); i++) {
			String instruction = expected.get(i);
			assertThat((Integer) JsonPath.read(body, "$.front[" + i + "].instructionTokens"))
				.isEqualTo(tokens(instruction));
			assertThat(((Number) JsonPath.read(body, "$.front[" + i + "].devScore")).doubleValue())
				.isEqualTo(SCORED.get(instruction));
			// 2.5 USD per million prompt tokens, per call and per 1,000 calls
			BigDecimal perCall = new BigDecimal(JsonPath.read(body, "$.front[" + i + "].usdPerCall").toString());
			assertThat(perCall).isEqualByComparingTo(BigDecimal.valueOf(tokens(instruction))
				.multiply(new BigDecimal("2.5"))
				.divide(BigDecimal.valueOf(1_000_000), 8, RoundingMode.HALF_UP));
			BigDecimal perThousand = new BigDecimal(
					JsonPath.read(body, "$.front[" + i + "].usdPerThousandCalls").toString());
			assertThat(perThousand).isEqualByComparingTo(BigDecimal.valueOf(tokens(instruction) * 2.5 / 1000));
		}
		// trials list the same estimate
		this.mvc.perform(get("/jobs/" + jobId + "/trials?sort=ordinal,asc"))
			.andExpect(jsonPath("$.content[5].instructionTokens")
				.value(tokens("Gegenteil: ein Wort, groß geschrieben, über alles.")));
	}

	@Test
	void bestStaysTheBestScoreAndWithinPicksTheShortestCloseEnough() throws Exception {
		UUID jobId = jobWithTrials();
		String top = "Write the antonym of the input word; answer with exactly one lowercase word.";
		this.mvc.perform(get("/jobs/" + jobId + "/best"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.instruction").value(top))
			.andExpect(jsonPath("$.selectedBy").value("dev-score"))
			.andExpect(jsonPath("$.instructionTokens").value(tokens(top)));
		for (double epsilon : new double[] { 0.0, 0.02, 0.05, 0.1, 0.25, 0.3, 1.0 }) {
			String expected = SCORED.keySet()
				.stream()
				.filter((i) -> SCORED.get(i) >= 0.95 - epsilon - 1e-9)
				.min(Comparator.comparingInt(CostAccuracyFrontApiTest::tokens)
					.thenComparing((String i) -> -SCORED.get(i)))
				.orElseThrow();
			this.mvc.perform(get("/jobs/" + jobId + "/best?within=" + epsilon))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.instruction").value(expected))
				.andExpect(jsonPath("$.selectedBy").value("shortest-within"))
				.andExpect(jsonPath("$.within").value(epsilon));
		}
	}

	static int tokens(String instruction) {
		return (instruction.getBytes(StandardCharsets.UTF_8).length + 3) / 4;
	}

	/** A small APE job, cancelled before it runs: a job whose trials a test writes. */
	static UUID cancelledJob(MockMvc mvc) throws Exception {
		String body = mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content("""
				{"strategy": "ape", "task": {"name": "antonyms", "metric": "exact_match",
				 "examples": [{"input": "hot", "output": "cold"}, {"input": "big", "output": "small"}]}}"""))
			.andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID jobId = UUID.fromString(JsonPath.read(body, "$.id"));
		mvc.perform(post("/jobs/" + jobId + "/cancel")).andExpect(status().isAccepted());
		return jobId;
	}

	private UUID jobWithTrials() throws Exception {
		UUID jobId = cancelledJob(this.mvc);
		Instant now = Instant.now();
		int ordinal = 0;
		for (Map.Entry<String, Double> scored : SCORED.entrySet()) {
			this.trials.save(trial(jobId, ordinal++, scored.getKey(), scored.getValue(), false));
		}
		// a later duplicate of a front instruction and a failed generation change nothing
		this.trials.save(trial(jobId, ordinal++, "Give the antonym.", 0.70, true));
		this.trials.save(Trial.failedGeneration(jobId, ordinal, 0, TrialOrigin.BASELINE, null, "", 1, 1L, now));
		return jobId;
	}

	private static Trial trial(UUID jobId, int ordinal, String instruction, double score, boolean duplicate) {
		return new Trial(jobId, ordinal, 0, TrialOrigin.BASELINE, null, instruction, instruction, score,
				new double[] { score }, duplicate, 0, 0, 1L, 1L, Instant.now());
	}

}
