package dev.instructzero.job;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.instructzero.support.StubLlms;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stub vLLM and OpenAI servers for the scale benchmark, sized like the paper's generator:
 * a Vicuna-13B-shaped F16 checkpoint ([32000, 5120], 328 MB on disk, memory-mapped by the
 * service) and a vLLM stub that checks every {@code prompt_embeds} as vLLM would read it
 * (torch.save zip of a [seq_len, 5120] HalfStorage tensor whose text rows are the table
 * rows of the ids its {@code /tokenize} gave). Both answer after a fixed delay on virtual
 * threads and keep no request journal (a WireMock journal of 1,000 payloads of 5 MB would
 * fill the test JVM). Quality levels, thresholds and wordings are {@link StubLlms}'s.
 */
final class VicunaSizedStubs implements AutoCloseable {

	static final String MODEL = "stub-vicuna-13b";

	static final String BLACK_BOX_MODEL = "stub-gpt";

	static final int HIDDEN = 5120;

	static final int VOCAB = 32000;

	static final int SOFT_TOKENS = 5;

	static final int MAX_MODEL_LEN = 2048;

	/** Wordings per quality level: 4 levels × 8 = 32 distinct instructions. */
	static final int VARIANTS = 8;

	private static final String[] VARIANT_WORDS = { "carefully", "briefly", "in one word", "plainly", "in lower case",
			"without comment", "as a single token", "exactly" };

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern DEV_PROMPT = Pattern.compile("(?s)Instruction: (.*)\\n\\nInput: word(\\d+)\\b.*");

	private final HttpServer vllm;

	private final HttpServer openai;

	private final Path checkpointDir;

	private final MappedByteBuffer table;

	private final int delayMs;

	/** Exchanges whose answer {@link #replies} has yet to send. */
	private final Set<HttpExchange> pending = ConcurrentHashMap.newKeySet();

	/** Sends the answers of completions and chat calls after {@link #delayMs}. */
	private final ScheduledExecutorService replies;

	final AtomicInteger completions = new AtomicInteger();

	final AtomicInteger blackBoxCalls = new AtomicInteger();

	/** Requests the stubs refused as malformed, with the reason. */
	final ConcurrentLinkedQueue<String> rejected = new ConcurrentLinkedQueue<>();

	/** Largest prompt_embeds tensor seen, rows. */
	final AtomicInteger maxRows = new AtomicInteger();

	private VicunaSizedStubs(Path checkpointDir, MappedByteBuffer table, int delayMs) throws IOException {
		this.checkpointDir = checkpointDir;
		this.table = table;
		this.delayMs = delayMs;
		this.vllm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		this.openai = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		this.replies = Executors.newSingleThreadScheduledExecutor();
		this.vllm.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.openai.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.vllm.createContext("/", this::vllm);
		this.openai.createContext("/", this::openai);
		this.vllm.start();
		this.openai.start();
	}

	/** Writes the checkpoint under {@code dir} and starts both stubs. */
	static VicunaSizedStubs start(Path dir, int delayMs) throws IOException {
		Path checkpoint = Files.createDirectories(dir.resolve("vicuna-13b-shaped"));
		Path file = checkpoint.resolve("model.safetensors");
		long dataOffset = writeCheckpoint(file);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			MappedByteBuffer table = channel.map(FileChannel.MapMode.READ_ONLY, dataOffset, (long) VOCAB * HIDDEN * 2);
			table.order(ByteOrder.LITTLE_ENDIAN);
			return new VicunaSizedStubs(checkpoint, table, delayMs);
		}
	}

	/** Command-line properties pointing the service at the stubs. */
	List<String> properties() {
		return List.of("--instructzero.generator.vllm.base-url=http://127.0.0.1:" + this.vllm.getAddress().getPort(),
				"--instructzero.generator.vllm.model=" + MODEL,
				"--instructzero.generator.checkpoint-dir=" + this.checkpointDir,
				"--spring.ai.openai.base-url=http://127.0.0.1:" + this.openai.getAddress().getPort() + "/v1",
				"--spring.ai.openai.api-key=stub-key", "--instructzero.evaluator.default-model=" + BLACK_BOX_MODEL);
	}

	/**
	 * A task of {@code examples} examples plus {@code testExamples}, inputs of about 110
	 * characters ({@code word<i>} and a sentence) numbered from {@code offset}, so tasks
	 * at other offsets share no prompt. Ten such exemplars in the chat template are about
	 * 1,600 bytes: ~400 tokens, a [405, 5120] F16 tensor of 4.1 MB per generation.
	 */
	static String taskJson(int examples, int testExamples, int offset) {
		StringBuilder json = new StringBuilder(
				"{\"name\": \"scale-" + offset + "\", \"metric\": \"exact_match\", " + "\"examples\": [");
		for (int i = 0; i < examples + testExamples; i++) {
			if (i == examples) {
				json.append("], \"testExamples\": [");
			}
			else if (i > 0) {
				json.append(",");
			}
			int n = offset + i;
			json.append("{\"input\": \"word")
				.append(n)
				.append(" as it appears in the sentence: the committee met on a rainy Tuesday to settle matter ")
				.append(n)
				.append("\", \"output\": \"anti")
				.append(n)
				.append("\"}");
		}
		return json.append("]}").toString();
	}

	/** Token ids of a text: BOS, then one id per 4 UTF-8 bytes (LLaMA averages ~4). */
	static int[] tokenIds(int byteLength) {
		int[] ids = new int[1 + Math.ceilDiv(byteLength, 4)];
		ids[0] = 1;
		for (int p = 1; p < ids.length; p++) {
			ids[p] = tokenAt(p);
		}
		return ids;
	}

	/** The id at text position {@code p}: a function of the position alone. */
	static int tokenAt(int p) {
		return (p == 0) ? 1 : 2 + (int) ((p * 7919L) % (VOCAB - 2));
	}

	private void vllm(HttpExchange exchange) throws IOException {
		try {
			String path = exchange.getRequestURI().getPath();
			byte[] body = exchange.getRequestBody().readAllBytes();
			if (path.equals("/v1/models")) {
				send(exchange, 200, Map.of("object", "list", "data", List.of(Map.of("id", MODEL, "object", "model"))));
			}
			else if (path.equals("/tokenize")) {
				String prompt = JSON.readTree(body).path("prompt").asString();
				int[] ids = tokenIds(prompt.getBytes(StandardCharsets.UTF_8).length);
				send(exchange, 200, Map.of("count", ids.length, "max_model_len", MAX_MODEL_LEN, "tokens", ids));
			}
			else if (path.equals("/v1/completions")) {
				this.completions.incrementAndGet();
				String problem;
				String reply = null;
				try {
					JsonNode request = JSON.readTree(body);
					body = null;
					reply = instructionFor(request);
					problem = null;
				}
				catch (IOException | RuntimeException ex) {
					problem = ex.toString();
				}
				if (problem != null) {
					this.rejected.add(problem);
					send(exchange, 400, Map.of("error", Map.of("message", problem)));
					return;
				}
				sendLater(exchange,
						Map.of("id", "cmpl-stub", "object", "text_completion", "model", MODEL, "choices",
								List.of(Map.of("index", 0, "text", reply, "finish_reason", "stop")), "usage",
								Map.of("prompt_tokens", 400, "completion_tokens", 14, "total_tokens", 414)));
			}
			else {
				send(exchange, 404, Map.of("error", Map.of("message", "no route " + path)));
			}
		}
		finally {
			// a delayed answer closes the exchange when it is sent
			if (!this.pending.contains(exchange)) {
				exchange.close();
			}
		}
	}

	/**
	 * Reads the request as vLLM would and answers with the instruction its soft prompt
	 * stands for; throws on anything vLLM would refuse.
	 */
	private String instructionFor(JsonNode request) throws IOException {
		require(request.path("model").asString().equals(MODEL), "model");
		int maxTokens = request.path("max_tokens").asInt(-1);
		require(maxTokens > 0, "max_tokens");
		require(request.path("temperature").asDouble(-1) == 0.0, "temperature 0");
		for (String forbidden : List.of("prompt", "echo", "prompt_logprobs", "suffix", "repetition_penalty",
				"presence_penalty", "frequency_penalty")) {
			require(!request.has(forbidden), "no " + forbidden + " with prompt_embeds");
		}
		byte[] zip = Base64.getDecoder().decode(request.path("prompt_embeds").asString());
		List<String> names = new ArrayList<>();
		byte[] pickle = null;
		byte[] data = null;
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				names.add(entry.getName());
				byte[] content = in.readAllBytes();
				switch (entry.getName()) {
					case "archive/data.pkl" -> pickle = content;
					case "archive/data/0" -> data = content;
					case "archive/byteorder" ->
						require(new String(content, StandardCharsets.US_ASCII).equals("little"), "byteorder little");
					case "archive/version" ->
						require(new String(content, StandardCharsets.US_ASCII).equals("3\n"), "version 3");
					default -> require(false, "unexpected entry " + entry.getName());
				}
			}
		}
		require(names.equals(List.of("archive/data.pkl", "archive/byteorder", "archive/data/0", "archive/version")),
				"entries " + names);
		String opcodes = new String(pickle, StandardCharsets.ISO_8859_1);
		require(opcodes.contains("ctorch._utils\n_rebuild_tensor_v2\n") && opcodes.contains("ctorch\nHalfStorage\n"),
				"a HalfStorage tensor");
		int rowBytes = HIDDEN * 2;
		require(data.length % rowBytes == 0, "whole rows of hidden " + HIDDEN);
		int rows = data.length / rowBytes;
		require(shapeIn(pickle, rows), "pickled size (" + rows + ", " + HIDDEN + ")");
		require(rows > SOFT_TOKENS && rows + maxTokens <= MAX_MODEL_LEN, "sequence length " + rows);
		this.maxRows.accumulateAndGet(rows, Math::max);
		// the text rows are the table rows of the ids /tokenize gave, BOS first
		for (int p = 0; p < rows - SOFT_TOKENS; p++) {
			int offset = (SOFT_TOKENS + p) * rowBytes;
			require(this.table.slice(tokenAt(p) * rowBytes, rowBytes).equals(ByteBuffer.wrap(data, offset, rowBytes)),
					"text row " + p + " is token " + tokenAt(p));
		}
		ByteBuffer soft = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
		float first = Float.float16ToFloat(soft.getShort(0));
		float second = Float.float16ToFloat(soft.getShort(2));
		int level = 0;
		for (double threshold : StubLlms.THRESHOLDS) {
			level += (first > threshold) ? 1 : 0;
		}
		int variant = (int) Math.floor(Math.abs(second) * 2) % VARIANTS;
		return "The instruction was to " + wording(level, variant);
	}

	/** Level's wording with a variant: "write the antonym of the input word, briefly." */
	static String wording(int level, int variant) {
		String core = StubLlms.INSTRUCTIONS.get(level).strip();
		return core.substring(0, core.length() - 1) + ", " + VARIANT_WORDS[variant] + ".";
	}

	/** Whether the pickle holds the size tuple (rows, HIDDEN) as BININT2 pairs. */
	private static boolean shapeIn(byte[] pickle, int rows) {
		byte[] size = { 'M', (byte) rows, (byte) (rows >>> 8), 'M', (byte) HIDDEN, (byte) (HIDDEN >>> 8) };
		byte[] small = { 'K', (byte) rows, 'M', (byte) HIDDEN, (byte) (HIDDEN >>> 8) };
		byte[] wanted = (rows < 256) ? small : size;
		for (int i = 0; i + wanted.length <= pickle.length; i++) {
			if (Arrays.equals(pickle, i, i + wanted.length, wanted, 0, wanted.length)) {
				return true;
			}
		}
		return false;
	}

	private void openai(HttpExchange exchange) throws IOException {
		try {
			JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
			if (!exchange.getRequestURI().getPath().equals("/v1/chat/completions")) {
				send(exchange, 404, Map.of("error", Map.of("message", "no route")));
				return;
			}
			this.blackBoxCalls.incrementAndGet();
			JsonNode messages = request.path("messages");
			String content = messages.path(messages.size() - 1).path("content").asString();
			Matcher m = DEV_PROMPT.matcher(content);
			String answer = "I do not know";
			if (m.matches()) {
				String instruction = m.group(1).toLowerCase(Locale.ROOT);
				int index = Integer.parseInt(m.group(2));
				int level = 0;
				for (int i = 0; i < StubLlms.INSTRUCTIONS.size(); i++) {
					String core = StubLlms.INSTRUCTIONS.get(i).strip();
					level = instruction.contains(core.substring(0, core.length() - 1)) ? i : level;
				}
				boolean correct = (index % 4) < Math.round(StubLlms.LEVELS[level] * 4);
				answer = (correct ? "anti" : "word") + index;
			}
			sendLater(exchange,
					Map.of("id", "chatcmpl-stub", "object", "chat.completion", "created", 1700000000, "model",
							request.path("model").asString(), "choices",
							List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", answer),
									"finish_reason", "stop")),
							"usage", Map.of("prompt_tokens", 60, "completion_tokens", 3, "total_tokens", 63)));
		}
		finally {
			// a delayed answer closes the exchange when it is sent
			if (!this.pending.contains(exchange)) {
				exchange.close();
			}
		}
	}

	/**
	 * Answers 200 with {@code body} after the stub's delay, from a scheduler: the handler
	 * returns at once and the exchange stays open until then (closed by the scheduled
	 * send, or by the handler's own close if it is already gone).
	 */
	private void sendLater(HttpExchange exchange, Object body) {
		this.pending.add(exchange);
		this.replies.schedule(() -> {
			try (exchange) {
				send(exchange, 200, body);
			}
			catch (IOException ex) {
				// the client went away; nothing to answer
			}
			finally {
				this.pending.remove(exchange);
			}
		}, this.delayMs, TimeUnit.MILLISECONDS);
	}

	private static void require(boolean condition, String what) {
		if (!condition) {
			throw new IllegalArgumentException("prompt_embeds request violates: " + what);
		}
	}

	private static void send(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * A safetensors file holding only {@code model.embed_tokens.weight} [VOCAB, HIDDEN]
	 * F16, finite values of magnitude 2^-7 .. 2^-4; returns the data's offset.
	 */
	private static long writeCheckpoint(Path file) throws IOException {
		long bytes = (long) VOCAB * HIDDEN * 2;
		String header = "{\"model.embed_tokens.weight\": {\"dtype\": \"F16\", \"shape\": [" + VOCAB + ", " + HIDDEN
				+ "], \"data_offsets\": [0, " + bytes + "]}}";
		StringBuilder padded = new StringBuilder(header);
		while (padded.length() % 8 != 0) {
			padded.append(' ');
		}
		byte[] headerBytes = padded.toString().getBytes(StandardCharsets.UTF_8);
		if (Files.exists(file) && Files.size(file) == 8 + headerBytes.length + bytes) {
			return 8 + headerBytes.length;
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).flip());
			channel.write(ByteBuffer.wrap(headerBytes));
			ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
			long state = 0x9E3779B97F4A7C15L;
			for (long i = 0; i < bytes / 2; i++) {
				state ^= state << 13;
				state ^= state >>> 7;
				state ^= state << 17;
				// sign, exponent 8..11 (never 31: no inf/NaN), 10 mantissa bits
				chunk.putShort((short) ((state & 0x83FF) | ((8 + ((state >>> 20) & 3)) << 10)));
				if (!chunk.hasRemaining()) {
					channel.write(chunk.flip());
					chunk.clear();
				}
			}
			channel.write(chunk.flip());
		}
		return 8 + headerBytes.length;
	}

	@Override
	public void close() {
		this.vllm.stop(0);
		this.openai.stop(0);
		this.replies.shutdownNow();
	}

}
