package dev.instructzero.generator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SoftPromptInstructionGeneratorTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int VOCAB = 50;

	private static final int HIDDEN = 8;

	private static final int[] TOKENS = { 1, 7, 3, 42, 0, 49 };

	private static final List<Exemplar> EXEMPLARS = List.of(new Exemplar("cat", "tac"), new Exemplar("dog", "god"));

	private final WireMockServer vllm = new WireMockServer(options().dynamicPort());

	@TempDir
	Path checkpoint;

	@BeforeEach
	void start() {
		this.vllm.start();
	}

	@AfterEach
	void stop() {
		this.vllm.stop();
	}

	private void stubTokenize(int maxModelLen) {
		StringBuilder tokens = new StringBuilder();
		for (int t : TOKENS) {
			tokens.append((tokens.isEmpty()) ? "" : ",").append(t);
		}
		this.vllm.stubFor(post(urlEqualTo("/tokenize")).willReturn(okJson("{\"count\":" + TOKENS.length
				+ ",\"max_model_len\":" + maxModelLen + ",\"tokens\":[" + tokens + "]}")));
	}

	private void stubCompletion(String text) {
		this.vllm.stubFor(post(urlEqualTo("/v1/completions"))
			.willReturn(okJson("{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":"
					+ json.writeValueAsString(text) + ",\"finish_reason\":\"stop\"}]}")));
	}

	private TestCheckpoints.Tensor writeCheckpoint(TensorDtype dtype) throws Exception {
		TestCheckpoints.Tensor table = TestCheckpoints.randomTable(dtype, VOCAB, HIDDEN, 11);
		TestCheckpoints.writeSafetensors(this.checkpoint.resolve("model.safetensors"),
				Map.of(TestCheckpoints.EMBED, table));
		return table;
	}

	private SoftPromptInstructionGenerator generator(GeneratorProperties properties) {
		VllmClient client = new VllmClient(properties.vllm(), properties.retry(), json, new RecordingSleeper());
		return new SoftPromptInstructionGenerator(client,
				new CheckpointEmbeddings(this.checkpoint, TestCheckpoints.EMBED, json), properties);
	}

	private GeneratorProperties properties(TensorDtype dtype) {
		return TestProperties.properties(this.vllm.baseUrl(), this.checkpoint, dtype, TestProperties.uniform());
	}

	@ParameterizedTest
	@EnumSource(TensorDtype.class)
	void sendsSoftPromptRowsFollowedByTheTokensTableRows(TensorDtype dtype) throws Exception {
		TestCheckpoints.Tensor table = writeCheckpoint(dtype);
		stubTokenize(4096);
		stubCompletion(" reverse the letters of the word. Then say it.");
		SoftPromptInstructionGenerator generator = generator(properties(null));
		SoftPromptJobContext context = generator.prepare(42L, 3, 4, EXEMPLARS, PromptStyle.COMPLETION);
		double[] z = { 0.5, -0.25, 1.0, -1.0 };

		GeneratedInstruction generated = generator.generate(new SoftPromptGenerationRequest(z, context));

		assertThat(generated.instruction()).isEqualTo("The instruction was to reverse the letters of the word");
		assertThat(generated.rawReply()).isEqualTo(" reverse the letters of the word. Then say it.");
		List<LoggedRequest> requests = this.vllm.findAll(postRequestedFor(urlEqualTo("/v1/completions")));
		assertThat(requests).hasSize(1);
		JsonNode body = json.readTree(requests.get(0).getBodyAsString());
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "prompt_embeds", "max_tokens",
				"temperature");
		assertThat(body.get("model").asString()).isEqualTo("vicuna-test");
		assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
		assertThat(body.get("temperature").asDouble()).isZero();

		TorchSaveReader.Decoded decoded = TorchSaveReader
			.decode(Base64.getDecoder().decode(body.get("prompt_embeds").asString()));
		assertThat(decoded.tensor().size()).containsExactly(3 + TOKENS.length, HIDDEN);
		assertThat(decoded.tensor().storage().type().name()).isEqualTo(dtype.torchStorage());
		ByteBuffer data = ByteBuffer.wrap(decoded.data()).order(ByteOrder.LITTLE_ENDIAN);
		SoftPromptProjection a = SoftPromptProjection.uniform(42L, 3, HIDDEN, 4);
		int bytes = dtype.bytes();
		for (int row = 0; row < 3 * HIDDEN; row++) {
			double expected = 0;
			for (int j = 0; j < 4; j++) {
				expected += a.entry(row, j) * z[j];
			}
			// an independent (float-path) conversion to the dtype
			float got = dtype.get(data, row * bytes);
			float want = switch (dtype) {
				case F16 -> Float.float16ToFloat(Float.floatToFloat16((float) expected));
				case BF16 -> Float.intBitsToFloat((Float.floatToIntBits((float) expected) + 0x7FFF
						+ ((Float.floatToIntBits((float) expected) >>> 16) & 1)) & 0xFFFF0000);
				case F32 -> (float) expected;
			};
			assertThat(got).as("soft element %d", row).isEqualTo(want);
		}
		int rowBytes = HIDDEN * bytes;
		for (int t = 0; t < TOKENS.length; t++) {
			byte[] row = java.util.Arrays.copyOfRange(decoded.data(), (3 + t) * rowBytes, (4 + t) * rowBytes);
			assertThat(row).as("token row %d (id %d)", t, TOKENS[t]).isEqualTo(table.row(TOKENS[t]));
		}
	}

	@Test
	void tokenisesTheVicunaChatTextOncePerJobAndAsksFor128Tokens() throws Exception {
		writeCheckpoint(TensorDtype.F16);
		stubTokenize(4096);
		stubCompletion("Sure! The instruction was to add the numbers.");
		SoftPromptInstructionGenerator generator = generator(properties(null));
		SoftPromptJobContext context = generator.prepare(7L, 5, 10, EXEMPLARS, PromptStyle.CHAT);

		GeneratedInstruction first = generator.generate(new SoftPromptGenerationRequest(new double[10], context));
		generator.generate(new SoftPromptGenerationRequest(new double[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, context));

		this.vllm.verify(1, postRequestedFor(urlEqualTo("/tokenize")).withRequestBody(equalToJson(
				"{\"model\":\"vicuna-test\",\"add_special_tokens\":true,\"prompt\":" + json.writeValueAsString(
						"A chat between a curious user and an artificial intelligence assistant. The assistant gives "
								+ "helpful, detailed, and polite answers to the user's questions. USER:\n"
								+ "Input: cat\nOutput: tac\n\nInput: dog\nOutput: god\n\nThe instruction was to? ASSISTANT:")
						+ "}")));
		this.vllm.verify(2, postRequestedFor(urlEqualTo("/v1/completions")));
		for (LoggedRequest request : this.vllm.findAll(postRequestedFor(urlEqualTo("/v1/completions")))) {
			assertThat(json.readTree(request.getBodyAsString()).get("max_tokens").asInt()).isEqualTo(128);
		}
		assertThat(context.sequenceLength()).isEqualTo(5 + TOKENS.length);
		assertThat(context.tokenIds()).containsExactly(TOKENS);
		assertThat(first.instruction()).isEqualTo("Add the numbers.");
		assertThat(first.rawReply()).isEqualTo("Sure! The instruction was to add the numbers.");
	}

	@Test
	void tokenisesThePlainCompletionTextAndAsksFor64Tokens() throws Exception {
		writeCheckpoint(TensorDtype.F16);
		stubTokenize(4096);
		stubCompletion(" add the numbers. Comment: easy.");
		SoftPromptInstructionGenerator generator = generator(properties(null));
		SoftPromptJobContext context = generator.prepare(7L, 5, 10, EXEMPLARS, PromptStyle.COMPLETION);

		GeneratedInstruction generated = generator.generate(new SoftPromptGenerationRequest(new double[10], context));

		this.vllm.verify(1,
				postRequestedFor(urlEqualTo("/tokenize"))
					.withRequestBody(equalToJson("{\"model\":\"vicuna-test\",\"add_special_tokens\":true,\"prompt\":"
							+ json.writeValueAsString(
									"\nInput: cat\nOutput: tac\n\nInput: dog\nOutput: god\n\nThe instruction was to")
							+ "}")));
		JsonNode body = json
			.readTree(this.vllm.findAll(postRequestedFor(urlEqualTo("/v1/completions"))).get(0).getBodyAsString());
		assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
		assertThat(generated.instruction()).isEqualTo("The instruction was to add the numbers");
	}

	@Test
	void usesTheConfiguredTemplatesAndMaxTokensOverride() throws Exception {
		writeCheckpoint(TensorDtype.F16);
		stubTokenize(4096);
		stubCompletion("Reverse it.");
		GeneratorProperties defaults = properties(null);
		GeneratorProperties properties = new GeneratorProperties(TestProperties.vllm(this.vllm.baseUrl(), null, 100),
				this.checkpoint, TestCheckpoints.EMBED, null, defaults.retry(),
				new GeneratorProperties.Prompt("CHAT [DEMOS] ?", "PLAIN [DEMOS] to", "[INPUT]=>[OUTPUT]", "; "),
				defaults.projection(), defaults.ape());
		SoftPromptInstructionGenerator generator = generator(properties);

		SoftPromptJobContext chat = generator.prepare(7L, 5, 10, EXEMPLARS, PromptStyle.CHAT);
		SoftPromptJobContext completion = generator.prepare(7L, 5, 10, EXEMPLARS, PromptStyle.COMPLETION);

		this.vllm.verify(1,
				postRequestedFor(urlEqualTo("/tokenize"))
					.withRequestBody(equalToJson("{\"model\":\"vicuna-test\",\"add_special_tokens\":true,"
							+ "\"prompt\":\"CHAT cat=>tac; dog=>god ?\"}")));
		this.vllm.verify(1,
				postRequestedFor(urlEqualTo("/tokenize"))
					.withRequestBody(equalToJson("{\"model\":\"vicuna-test\",\"add_special_tokens\":true,"
							+ "\"prompt\":\"PLAIN cat=>tac; dog=>god to\"}")));
		assertThat(chat.maxTokens()).isEqualTo(100);
		assertThat(completion.maxTokens()).isEqualTo(100);
		generator.generate(new SoftPromptGenerationRequest(new double[10], chat));
		JsonNode body = json
			.readTree(this.vllm.findAll(postRequestedFor(urlEqualTo("/v1/completions"))).get(0).getBodyAsString());
		assertThat(body.get("max_tokens").asInt()).isEqualTo(100);
	}

	@Test
	void convertsTableRowsWhenThePayloadDtypeDiffers() throws Exception {
		TestCheckpoints.Tensor table = writeCheckpoint(TensorDtype.F32);
		stubTokenize(4096);
		stubCompletion("x");
		SoftPromptInstructionGenerator generator = generator(properties(TensorDtype.F16));
		SoftPromptJobContext context = generator.prepare(1L, 2, 3, EXEMPLARS, PromptStyle.CHAT);
		generator.generate(new SoftPromptGenerationRequest(new double[3], context));

		JsonNode body = json
			.readTree(this.vllm.findAll(postRequestedFor(urlEqualTo("/v1/completions"))).get(0).getBodyAsString());
		TorchSaveReader.Decoded decoded = TorchSaveReader
			.decode(Base64.getDecoder().decode(body.get("prompt_embeds").asString()));
		assertThat(decoded.tensor().storage().type().name()).isEqualTo("HalfStorage");
		ByteBuffer data = ByteBuffer.wrap(decoded.data()).order(ByteOrder.LITTLE_ENDIAN);
		ByteBuffer source = ByteBuffer.wrap(table.row(TOKENS[1])).order(ByteOrder.LITTLE_ENDIAN);
		for (int h = 0; h < HIDDEN; h++) {
			assertThat(data.getShort(((2 + 1) * HIDDEN + h) * 2))
				.isEqualTo(Float.floatToFloat16(source.getFloat(h * 4)));
		}
	}

	@Test
	void refusesASequenceLongerThanTheModelAllowsWithoutCallingCompletions() throws Exception {
		writeCheckpoint(TensorDtype.F16);
		// room for the completion style's 64 new tokens, not for the chat style's 128
		stubTokenize(5 + TOKENS.length + 100);
		SoftPromptInstructionGenerator generator = generator(properties(null));

		assertThat(generator.prepare(1L, 5, 10, EXEMPLARS, PromptStyle.COMPLETION).maxTokens()).isEqualTo(64);
		assertThatExceptionOfType(GenerationFailedException.class)
			.isThrownBy(() -> generator.prepare(1L, 5, 10, EXEMPLARS, PromptStyle.CHAT))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(GenerationFailedException.Reason.SEQUENCE_TOO_LONG))
			.withMessageContaining("sequence of 11 embeddings")
			.withMessageContaining("max_tokens 128")
			.withMessageContaining("max_model_len 111");
		this.vllm.verify(0, postRequestedFor(urlEqualTo("/v1/completions")));
	}

	@Test
	void refusesAProjectionWhoseHiddenSizeDiffersFromTheTable() throws Exception {
		writeCheckpoint(TensorDtype.F16);
		SoftPromptInstructionGenerator generator = generator(properties(null));

		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(
					() -> generator.prepare(SoftPromptProjection.uniform(1L, 5, 16, 10), EXEMPLARS, PromptStyle.CHAT))
			.withMessageContaining("hidden size mismatch")
			.withMessageContaining(TestCheckpoints.EMBED)
			.withMessageContaining("model.safetensors");
		this.vllm.verify(0, postRequestedFor(urlEqualTo("/tokenize")));
	}

	@Test
	void refusesTokenIdsOutsideTheTable() throws Exception {
		writeCheckpoint(TensorDtype.F16);
		this.vllm.stubFor(post(urlEqualTo("/tokenize"))
			.willReturn(okJson("{\"count\":2,\"max_model_len\":4096,\"tokens\":[1," + VOCAB + "]}")));
		SoftPromptInstructionGenerator generator = generator(properties(null));

		assertThatExceptionOfType(GenerationFailedException.class)
			.isThrownBy(() -> generator.prepare(1L, 5, 10, EXEMPLARS, PromptStyle.CHAT))
			.withMessageContaining("token id 50 outside the 50 rows");
	}

	@ParameterizedTest
	@EnumSource(PromptStyle.class)
	void returnsAnEmptyInstructionWhenTheModelSaysNothingButNul(PromptStyle style) throws Exception {
		writeCheckpoint(TensorDtype.F16);
		stubTokenize(4096);
		stubCompletion(" \u0000 \n\u0000");
		SoftPromptInstructionGenerator generator = generator(properties(null));
		SoftPromptJobContext context = generator.prepare(1L, 5, 10, EXEMPLARS, style);

		GeneratedInstruction generated = generator.generate(new SoftPromptGenerationRequest(new double[10], context));

		assertThat(generated.instruction()).isEmpty();
		assertThat(generated.isEmpty()).isTrue();
		assertThat(generated.rawReply()).isEqualTo(" \uFFFD \n\uFFFD");
	}

	@Test
	void drawsANormalProjectionScaledToTheTable() throws Exception {
		writeCheckpoint(TensorDtype.F32);
		stubTokenize(4096);
		GeneratorProperties properties = TestProperties.properties(this.vllm.baseUrl(), this.checkpoint, null,
				new GeneratorProperties.Projection(ProjectionKind.NORMAL, 2.0));
		SoftPromptJobContext context = generator(properties).prepare(3L, 5, 4, EXEMPLARS, PromptStyle.CHAT);

		double std = CheckpointEmbeddings.open(this.checkpoint, TestCheckpoints.EMBED, json).std();
		SoftPromptProjection expected = SoftPromptProjection.normal(3L, 5, HIDDEN, 4, 2.0 * std / Math.sqrt(4));
		assertThat(context.projection().kind()).isEqualTo(ProjectionKind.NORMAL);
		assertThat(context.projection().entry(17, 2)).isEqualTo(expected.entry(17, 2));
	}

}
