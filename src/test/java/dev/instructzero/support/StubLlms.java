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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
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
 * soft-prompt element falls in, so the search space has a best region to find. Like a
 * real model it reads the text's tokens from the embedding rows: its {@code /tokenize}
 * marks the chat template with a token of its own, and a sequence holding that token's
 * row is answered the way a chat model answers (varied wordings that restate the question
 * or open with "Sure!"), any other the way a completion continues "The instruction was
 * to". The black-box stub answers an antonym task correctly for a share of the examples
 * that depends on the instruction's quality level.
 */
public final class StubLlms implements AutoCloseable {

	public static final String MODEL = "stub-vicuna";

	public static final String BLACK_BOX_MODEL = "stub-gpt";

	/** The judge model of llm_judge tasks; allowed by {@link #properties()}. */
	public static final String JUDGE_MODEL = "stub-judge";

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

	/** Start of the chat template; a text starting so gets {@link #CHAT_TOKEN}. */
	public static final String CHAT_TEMPLATE_START = "A chat between a curious user";

	/** Token id the stub's /tokenize gives a chat-template text at position 1. */
	static final int CHAT_TOKEN = VOCAB - 1;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WireMockServer vllm;

	private final WireMockServer openai;

	private final Path checkpointDir;

	private final float[] table;

	/** Every black-box prompt answered, in order. */
	public final List<String> blackBoxPrompts = new CopyOnWriteArrayList<>();

	/**
	 * Every black-box request's messages, in order, each message as {@code role} and
	 * {@code content}.
	 */
	public final List<List<Map<String, String>>> blackBoxMessages = new CopyOnWriteArrayList<>();

	/** Every judge request's messages, in order. */
	public final List<List<Map<String, String>>> judgeMessages = new CopyOnWriteArrayList<>();

	/**
	 * Every instruction the vLLM stub meant (the level's wording, whatever the reply's
	 * phrasing), "" for a blank reply.
	 */
	public final List<String> generated = new CopyOnWriteArrayList<>();

	/** Every reply text the vLLM stub sent. */
	public final List<String> replies = new CopyOnWriteArrayList<>();

	/** The {@code prompt} of every /tokenize request, in order. */
	public final List<String> tokenizedPrompts = new CopyOnWriteArrayList<>();

	/** The {@code max_tokens} of every completion request, in order. */
	public final List<Integer> completionMaxTokens = new CopyOnWriteArrayList<>();

	/**
	 * Soft prompts whose first element is below this get a reply of only NUL and
	 * whitespace.
	 */
	public volatile double blankReplyBelow = Double.NEGATIVE_INFINITY;

	public final AtomicInteger completionRequests = new AtomicInteger();

	/** When positive, vLLM completions fail with 500 after this many successful ones. */
	public volatile int vllmFailAfter = -1;

	/** Fixed latency of every black-box answer, ms. */
	public volatile int blackBoxDelayMs = 0;

	/** Appended to every black-box answer, e.g. a NUL PostgreSQL cannot store. */
	public volatile String blackBoxAnswerSuffix = "";

	/** Fixed latency of every vLLM completion, ms. */
	public volatile int vllmDelayMs = 0;

	/**
	 * When set, vLLM completions wait (up to two minutes) until it is counted down: a job
	 * holds before its first instruction while a test sets something up.
	 */
	public volatile CountDownLatch vllmHold;

	/**
	 * When set, decides which black-box answers are correct instead of the quality
	 * levels.
	 */
	public volatile AnswerRule answerRule;

	/**
	 * When set, black-box prompts it matches are refused unprocessed (503 with a
	 * Retry-After of a minute) and not recorded as answered.
	 */
	public volatile Predicate<String> overloadedFor;

	/** Black-box prompts refused by {@link #overloadedFor}. */
	public final AtomicInteger overloadedAnswers = new AtomicInteger();

	private StubLlms(Path checkpointDir, float[] table) {
		this.checkpointDir = checkpointDir;
		this.table = table;
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
			float[] table = writeCheckpoint(checkpoint.resolve("model.safetensors"));
			return new StubLlms(checkpoint, table);
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
				"--instructzero.evaluator.default-model=" + BLACK_BOX_MODEL,
				"--instructzero.evaluator.allowed-models=" + JUDGE_MODEL);
	}

	/** Root URL of the vLLM stub. */
	public String vllmBaseUrl() {
		return this.vllm.baseUrl();
	}

	/** The checkpoint directory the vLLM stub "serves". */
	public Path checkpointDir() {
		return this.checkpointDir;
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

	/**
	 * Back to answering at once and correctly: undoes every fault and rule a test set
	 * ({@link #vllmFailAfter}, delays, {@link #answerRule}, {@link #overloadedFor}, ...).
	 * The calls recorded so far stay.
	 */
	public void resetFaults() {
		this.blankReplyBelow = Double.NEGATIVE_INFINITY;
		this.vllmFailAfter = -1;
		this.blackBoxDelayMs = 0;
		this.blackBoxAnswerSuffix = "";
		this.vllmDelayMs = 0;
		CountDownLatch hold = this.vllmHold;
		if (hold != null) {
			hold.countDown();
		}
		this.vllmHold = null;
		this.answerRule = null;
		this.overloadedFor = null;
	}

	@Override
	public void close() {
		this.vllm.stop();
		this.openai.stop();
	}

	private static boolean awaitHold(CountDownLatch hold) {
		try {
			return hold.await(2, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
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

	/**
	 * The instruction a chat-style job reads from the stub's replies for a level: its
	 * wording, capitalised, without a restatement.
	 */
	public static String chatInstruction(int level) {
		String wording = INSTRUCTIONS.get(level).strip();
		return Character.toUpperCase(wording.charAt(0)) + wording.substring(1);
	}

	/**
	 * A chat model's answer: three wordings, picked by z, that all mean one instruction.
	 */
	static String chatReply(int level, float firstSoftPromptValue) {
		String wording = INSTRUCTIONS.get(level).strip();
		return switch ((int) Math.floor(Math.abs(firstSoftPromptValue) * 7) % 3) {
			case 0 -> "The instruction was to " + wording;
			case 1 -> "Sure! The instruction was to " + wording + "\n";
			default -> chatInstruction(level);
		};
	}

	private static float[] writeCheckpoint(Path file) throws IOException {
		Random random = new Random(7);
		int rows = VOCAB;
		float[] table = new float[rows * HIDDEN];
		ByteBuffer data = ByteBuffer.allocate(rows * HIDDEN * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < rows * HIDDEN; i++) {
			table[i] = (float) (random.nextGaussian() * 0.02);
			data.putFloat(table[i]);
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
		return table;
	}

	/** The elements of the decoded [seq_len, hidden] F32 tensor, row-major. */
	static float[] elements(String base64) throws IOException {
		byte[] zip = Base64.getDecoder().decode(base64);
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (entry.getName().endsWith("/data/0")) {
					ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
					float[] values = new float[bytes.remaining() / 4];
					bytes.asFloatBuffer().get(values);
					return values;
				}
			}
		}
		throw new IOException("no data/0 entry in prompt_embeds");
	}

	/** Whether some row of the sequence is the table row of {@code token}. */
	private boolean holdsToken(float[] sequence, int token) {
		for (int row = 0; row + HIDDEN <= sequence.length; row += HIDDEN) {
			if (java.util.Arrays.equals(sequence, row, row + HIDDEN, this.table, token * HIDDEN,
					(token + 1) * HIDDEN)) {
				return true;
			}
		}
		return false;
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

	/**
	 * Whether the black box answers {@code word<index>} correctly under an instruction.
	 */
	@FunctionalInterface
	public interface AnswerRule {

		boolean correct(String instruction, int wordIndex);

	}

	private final class VllmTransformer implements ResponseDefinitionTransformerV2 {

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			String url = event.getRequest().getUrl();
			try {
				if (url.startsWith("/tokenize")) {
					JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
					String prompt = body.path("prompt").asString();
					StubLlms.this.tokenizedPrompts.add(prompt);
					int tokens = Math.min(40, 1 + prompt.length() / 16);
					List<Integer> ids = new ArrayList<>();
					ids.add(1);
					for (int i = 1; i < tokens; i++) {
						// ids 2 .. VOCAB - 2; the last id marks the chat template
						ids.add((i == 1 && prompt.startsWith(CHAT_TEMPLATE_START)) ? CHAT_TOKEN
								: 2 + (i * 7) % (VOCAB - 3));
					}
					return json(200, Map.of("count", ids.size(), "max_model_len", 2048, "tokens", ids));
				}
				if (url.startsWith("/v1/models")) {
					return json(200, Map.of("object", "list", "data", List.of(Map.of("id", MODEL, "object", "model"))));
				}
				if (url.startsWith("/v1/completions")) {
					CountDownLatch hold = StubLlms.this.vllmHold;
					if (hold != null && !awaitHold(hold)) {
						return json(503, Map.of("error", Map.of("message", "stub held too long", "code", 503)));
					}
					int n = StubLlms.this.completionRequests.incrementAndGet();
					int failAfter = StubLlms.this.vllmFailAfter;
					if (failAfter >= 0 && n > failAfter) {
						return json(500, Map.of("error", Map.of("message", "stub engine died", "code", 500)));
					}
					JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
					StubLlms.this.completionMaxTokens.add(body.path("max_tokens").asInt());
					float[] sequence = elements(body.path("prompt_embeds").asString());
					float first = sequence[0];
					int level = level(first);
					String text;
					if (first < StubLlms.this.blankReplyBelow) {
						text = "\u0000 \n\t\u0000";
						StubLlms.this.generated.add("");
					}
					else {
						text = holdsToken(sequence, CHAT_TOKEN) ? chatReply(level, first)
								: INSTRUCTIONS.get(level) + " Comment: none";
						StubLlms.this.generated.add(INSTRUCTIONS.get(level));
					}
					StubLlms.this.replies.add(text);
					return json(200,
							Map.of("id", "cmpl-stub", "object", "text_completion", "model", MODEL, "choices",
									List.of(Map.of("index", 0, "text", text, "finish_reason", "stop")), "usage",
									Map.of("prompt_tokens", 50, "completion_tokens", 12, "total_tokens", 62)),
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

		private static final Pattern CHAT_INPUT = Pattern.compile("\\bword(\\d+)\\b");

		private static final Pattern JUDGED = Pattern
			.compile("(?s)Expected output \\(any of these is right\\):\\n- (.*)\\n\\nAnswer to grade:\\n(.*)");

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			if (!event.getRequest().getUrl().equals("/v1/chat/completions")) {
				return json(404, Map.of("error", Map.of("message", "no route " + event.getRequest().getUrl())));
			}
			int delay = StubLlms.this.blackBoxDelayMs;
			JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
			List<Map<String, String>> messages = new ArrayList<>();
			for (JsonNode message : body.path("messages")) {
				messages.add(
						Map.of("role", message.path("role").asString(), "content", message.path("content").asString()));
			}
			Matcher judged = JUDGED.matcher(messages.get(messages.size() > 1 ? 1 : 0).get("content"));
			if (body.path("model").asString().equals(JUDGE_MODEL) && judged.find()) {
				// the judge: right when the answer is the expected output; its first
				// reply
				// about an echoed word whose number ends in 0, 3, 6 or 9 is unreadable,
				// the
				// retry (after the reminder) is not
				String expected = judged.group(1);
				String graded = judged.group(2);
				boolean retry = messages.size() > 2;
				String reply = (!retry && graded.matches("word\\d*[0369]")) ? "It is wrong."
						: "SCORE: " + (expected.equals(graded) ? "1" : "0");
				StubLlms.this.judgeMessages.add(List.copyOf(messages));
				return json(200, completionBody(body.path("model").asString(), reply), delay);
			}
			StubLlms.this.blackBoxMessages.add(List.copyOf(messages));
			String prompt = (messages.size() == 1) ? messages.get(0).get("content") : JSON.writeValueAsString(messages);
			Predicate<String> overloaded = StubLlms.this.overloadedFor;
			if (overloaded != null && overloaded.test(prompt)) {
				StubLlms.this.overloadedAnswers.incrementAndGet();
				return aResponse().withStatus(503)
					.withHeader("Content-Type", "application/json")
					.withHeader("Retry-After", "60")
					.withBody("{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}")
					.build();
			}
			StubLlms.this.blackBoxPrompts.add(prompt);
			Matcher m = PROMPT.matcher(messages.get(0).get("content"));
			// a chat template: the instruction before the last message, the input in it
			Matcher chatInput = CHAT_INPUT.matcher(messages.get(messages.size() - 1).get("content"));
			String answer = "I do not know";
			boolean chat = messages.size() > 1 && chatInput.find();
			if (m.matches() || chat) {
				String instruction = chat ? JSON.writeValueAsString(messages.subList(0, messages.size() - 1))
						: m.group(1);
				int index = Integer.parseInt(chat ? chatInput.group(1) : m.group(2));
				int level = 0;
				for (int i = 0; i < INSTRUCTIONS.size(); i++) {
					String core = INSTRUCTIONS.get(i).strip();
					// either style's instruction: "The instruction was to write ..." or
					// "Write ..."
					if (instruction.toLowerCase(java.util.Locale.ROOT).contains(core.substring(0, core.length() - 1))) {
						level = i;
					}
				}
				AnswerRule rule = StubLlms.this.answerRule;
				boolean correct = (rule != null) ? rule.correct(instruction, index)
						: (index % 4) < Math.round(LEVELS[level] * 4);
				answer = correct ? "anti" + index : "word" + index;
			}
			return json(200, completionBody(body.path("model").asString(), answer + StubLlms.this.blackBoxAnswerSuffix),
					delay);
		}

		private static Map<String, Object> completionBody(String model, String content) {
			return Map.of("id", "chatcmpl-stub", "object", "chat.completion", "created", 1700000000, "model", model,
					"choices",
					List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", content),
							"finish_reason", "stop")),
					"usage", Map.of("prompt_tokens", 20, "completion_tokens", 3, "total_tokens", 23));
		}

		@Override
		public String getName() {
			return "openai";
		}

	}

}
