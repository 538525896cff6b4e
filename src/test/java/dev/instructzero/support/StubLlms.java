package dev.instructzero.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Local stand-ins for vLLM and an OpenAI-compatible black box that speak their real wire
 * formats.
 *
 * <p>
 * The vLLM stub decodes the posted {@code prompt_embeds} (torch.save zip, F32) and
 * answers with an instruction chosen by the region of soft-prompt space the first
 * soft-prompt element falls in, so the search space has a best region to find. The
 * black-box stub answers an antonym task correctly for a share of the examples that
 * depends on the instruction's quality level.
 */
public final class StubLlms implements AutoCloseable {

	public static final String MODEL = "stub-vicuna";

	public static final String BLACK_BOX_MODEL = "stub-gpt";

	public static final int HIDDEN = 8;

	public static final int VOCAB = 64;

	/**
	 * Instructions by quality level; level i answers a share LEVELS[i] of the examples
	 * correctly.
	 */
	public static final List<String> INSTRUCTIONS = List.of(" write the word backwards.",
			" write a word that is related to the input.", " write a word close in meaning to the opposite.",
			" write the antonym of the input word.");

	public static final double[] LEVELS = { 0.0, 0.25, 0.5, 1.0 };

	/** Thresholds on the first soft-prompt element between the levels. */
	public static final double[] THRESHOLDS = { 0.0, 1.0, 2.0 };

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WireMockServer vllm;

	private final WireMockServer openai;

	private final Path checkpointDir;

	/** Every black-box prompt answered, in order. */
	public final List<String> blackBoxPrompts = new CopyOnWriteArrayList<>();

	/** Every instruction the vLLM stub produced. */
	public final List<String> generated = new CopyOnWriteArrayList<>();

	public final AtomicInteger completionRequests = new AtomicInteger();

	/** When positive, vLLM completions fail with 500 after this many successful ones. */
	public volatile int vllmFailAfter = -1;

	/** Fixed latency of every black-box answer, ms. */
	public volatile int blackBoxDelayMs = 0;

	/** Appended to every black-box answer, e.g. a NUL PostgreSQL cannot store. */
	public volatile String blackBoxAnswerSuffix = "";

	/** Fixed latency of every vLLM completion, ms. */
	public volatile int vllmDelayMs = 0;

	private StubLlms(Path checkpointDir) {
		this.checkpointDir = checkpointDir;
		this.vllm = new WireMockServer(wireMockConfig().dynamicPort().extensions(new VllmTransformer()));
		this.openai = new WireMockServer(wireMockConfig().dynamicPort().extensions(new OpenAiTransformer()));
		this.vllm.start();
		this.openai.start();
		this.vllm.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers("vllm")));
		this.openai.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers("openai")));
	}

	/**
	 * Starts both stubs and writes a tiny F32 safetensors checkpoint under {@code dir}.
	 */
	public static StubLlms start(Path dir) {
		try {
			Path checkpoint = Files.createDirectories(dir.resolve("checkpoint"));
			writeCheckpoint(checkpoint.resolve("model.safetensors"));
			return new StubLlms(checkpoint);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Command-line properties that point the service at these stubs. */
	public List<String> properties() {
		return List.of("--instructzero.generator.vllm.base-url=" + this.vllm.baseUrl(),
				"--instructzero.generator.vllm.model=" + MODEL,
				"--instructzero.generator.checkpoint-dir=" + this.checkpointDir,
				"--spring.ai.openai.base-url=" + this.openai.baseUrl() + "/v1", "--spring.ai.openai.api-key=stub-key",
				"--instructzero.evaluator.default-model=" + BLACK_BOX_MODEL);
	}

	/** The antonym task of the stubs: {@code word<i>} → {@code anti<i>}. */
	public static String taskJson(int examples, int testExamples) {
		return taskJson(examples, testExamples, 0);
	}

	/**
	 * The antonym task on words numbered from {@code offset}: other prompts, so no cache
	 * hits from tasks at other offsets.
	 */
	public static String taskJson(int examples, int testExamples, int offset) {
		String name = "antonyms-" + offset;
		StringBuilder json = new StringBuilder("{\"name\": \"" + name + "\", \"description\": \"" + name
				+ "\", \"metric\": \"exact_match\", \"examples\": [");
		for (int i = 0; i < examples; i++) {
			json.append((i > 0) ? "," : "")
				.append("{\"input\": \"word")
				.append(offset + i)
				.append("\", \"output\": \"anti")
				.append(offset + i)
				.append("\"}");
		}
		json.append("], \"testExamples\": [");
		for (int i = 0; i < testExamples; i++) {
			json.append((i > 0) ? "," : "")
				.append("{\"input\": \"word")
				.append(offset + 1000 + i)
				.append("\", \"output\": \"anti")
				.append(offset + 1000 + i)
				.append("\"}");
		}
		return json.append("]}").toString();
	}

	/** Paid black-box prompts that were asked more than once (should be none). */
	public long repeatedBlackBoxPrompts() {
		return this.blackBoxPrompts.size() - this.blackBoxPrompts.stream().distinct().count();
	}

	public int vllmRequests(String path) {
		int n = 0;
		for (ServeEvent event : this.vllm.getAllServeEvents()) {
			if (event.getRequest().getUrl().startsWith(path)) {
				n++;
			}
		}
		return n;
	}

	@Override
	public void close() {
		this.vllm.stop();
		this.openai.stop();
	}

	static int level(float firstSoftPromptValue) {
		int level = 0;
		for (double threshold : THRESHOLDS) {
			if (firstSoftPromptValue > threshold) {
				level++;
			}
		}
		return level;
	}

	private static void writeCheckpoint(Path file) throws IOException {
		Random random = new Random(7);
		int rows = VOCAB;
		ByteBuffer data = ByteBuffer.allocate(rows * HIDDEN * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < rows * HIDDEN; i++) {
			data.putFloat((float) (random.nextGaussian() * 0.02));
		}
		String header = "{\"model.embed_tokens.weight\": {\"dtype\": \"F32\", \"shape\": [" + rows + ", " + HIDDEN
				+ "], \"data_offsets\": [0, " + data.capacity() + "]}}";
		byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
		ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			channel.write(length.flip());
			channel.write(ByteBuffer.wrap(headerBytes));
			channel.write(data.flip());
		}
	}

	/** First element of the decoded [seq_len, hidden] F32 tensor. */
	static float firstElement(String base64) throws IOException {
		byte[] zip = Base64.getDecoder().decode(base64);
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (entry.getName().endsWith("/data/0")) {
					byte[] bytes = in.readNBytes(4);
					return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat();
				}
			}
		}
		throw new IOException("no data/0 entry in prompt_embeds");
	}

	private static ResponseDefinition json(int status, Object body) {
		return json(status, body, 0);
	}

	private static ResponseDefinition json(int status, Object body, int delayMs) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(JSON.writeValueAsString(body))
			.withFixedDelay(delayMs)
			.build();
	}

	private final class VllmTransformer implements ResponseDefinitionTransformerV2 {

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			String url = event.getRequest().getUrl();
			try {
				if (url.startsWith("/tokenize")) {
					JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
					int tokens = Math.min(40, 1 + body.path("prompt").asString().length() / 16);
					List<Integer> ids = new ArrayList<>();
					ids.add(1);
					for (int i = 1; i < tokens; i++) {
						ids.add(2 + (i * 7) % (VOCAB - 2));
					}
					return json(200, Map.of("count", ids.size(), "max_model_len", 2048, "tokens", ids));
				}
				if (url.startsWith("/v1/models")) {
					return json(200, Map.of("object", "list", "data", List.of(Map.of("id", MODEL, "object", "model"))));
				}
				if (url.startsWith("/v1/completions")) {
					int n = StubLlms.this.completionRequests.incrementAndGet();
					int failAfter = StubLlms.this.vllmFailAfter;
					if (failAfter >= 0 && n > failAfter) {
						return json(500, Map.of("error", Map.of("message", "stub engine died", "code", 500)));
					}
					JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
					float first = firstElement(body.path("prompt_embeds").asString());
					String text = INSTRUCTIONS.get(level(first));
					StubLlms.this.generated.add(text);
					return json(200, Map.of("id", "cmpl-stub", "object", "text_completion", "model", MODEL, "choices",
							List.of(Map.of("index", 0, "text", text + " Comment: none", "finish_reason", "stop")),
							"usage", Map.of("prompt_tokens", 50, "completion_tokens", 12, "total_tokens", 62)),
							StubLlms.this.vllmDelayMs);
				}
				return json(404, Map.of("error", Map.of("message", "no route " + url)));
			}
			catch (IOException | RuntimeException ex) {
				return json(400, Map.of("error", Map.of("message", "stub could not read request: " + ex)));
			}
		}

		@Override
		public String getName() {
			return "vllm";
		}

	}

	private final class OpenAiTransformer implements ResponseDefinitionTransformerV2 {

		private static final Pattern PROMPT = Pattern.compile("(?s)Instruction: (.*)\\n\\nInput: word(\\d+)\\nOutput:");

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			if (!event.getRequest().getUrl().equals("/v1/chat/completions")) {
				return json(404, Map.of("error", Map.of("message", "no route " + event.getRequest().getUrl())));
			}
			int delay = StubLlms.this.blackBoxDelayMs;
			JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
			String prompt = body.path("messages").path(0).path("content").asString();
			StubLlms.this.blackBoxPrompts.add(prompt);
			Matcher m = PROMPT.matcher(prompt);
			String answer = "I do not know";
			if (m.matches()) {
				String instruction = m.group(1);
				int index = Integer.parseInt(m.group(2));
				int level = 0;
				for (int i = 0; i < INSTRUCTIONS.size(); i++) {
					String core = INSTRUCTIONS.get(i).strip();
					if (instruction.contains(core.substring(0, core.length() - 1))) {
						level = i;
					}
				}
				boolean correct = (index % 4) < Math.round(LEVELS[level] * 4);
				answer = correct ? "anti" + index : "word" + index;
			}
			return json(
					200, Map
						.of("id", "chatcmpl-stub", "object", "chat.completion", "created", 1700000000, "model",
								body.path("model").asString(), "choices",
								List.of(Map.of("index", 0, "message",
										Map.of("role", "assistant", "content",
												answer + StubLlms.this.blackBoxAnswerSuffix),
										"finish_reason", "stop")),
								"usage", Map.of("prompt_tokens", 20, "completion_tokens", 3, "total_tokens", 23)),
					delay);
		}

		@Override
		public String getName() {
			return "openai";
		}

	}

}
