package dev.instructzero.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed and hostile requests against every endpoint, as properties: whatever the
 * kind, the answer is a 4xx {@code application/problem+json} document saying what is
 * wrong, never a 5xx, and a refused request stores nothing (rows of every table counted
 * before and after). One replica on real HTTP (so wrong content types and broken bytes
 * reach the server as sent), with a task and a finished job to aim at.
 */
@StubbedService(database = "hostile")
class HostileRequestTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String TABLES = "select (select count(*) from task) || '/' || (select count(*) from task_example)"
			+ " || '/' || (select count(*) from job) || '/' || (select count(*) from trial)"
			+ " || '/' || (select count(*) from black_box_call)";

	static StubLlms stubs;

	static RunningService service;

	static HttpClient http;

	static JdbcTemplate jdbc;

	static String taskId;

	static String jobId;

	static final Map<String, AtomicInteger> triesByKind = new ConcurrentHashMap<>();

	@BeforeAll
	static void start() throws IOException {
		http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		jdbc = service.context().getBean(JdbcTemplate.class);
		taskId = service.post("/tasks", StubLlms.taskJson(6, 1, 4000), 201).path("id").asString();
		jobId = service
			.post("/jobs", "{\"taskId\": \"" + taskId
					+ "\", \"settings\": {\"initialTrials\": 2, \"batchSize\": 1, \"iterations\": 0, \"seed\": 1}}",
					202)
			.path("id")
			.asString();
		await().atMost(Duration.ofMinutes(2))
			.until(() -> service.get("/jobs/" + jobId).path("status").asString().equals("SUCCEEDED"));
	}

	@AfterAll
	static void stop() {
		System.out.println("Hostile requests: " + triesByKind.values().stream().mapToInt(AtomicInteger::get).sum()
				+ " tries over " + triesByKind.size() + " kinds " + new java.util.TreeMap<>(triesByKind));
	}

	/**
	 * Requests drawn per kind; with the seed fixed, every run sends the same requests.
	 */
	static final int DRAWS_PER_KIND = 5;

	static final long SEED = 20261203L;

	@TestFactory
	Stream<DynamicTest> everyHostileRequestIsAProblemAndStoresNothing() {
		SplittableRandom random = new SplittableRandom(SEED);
		return kinds().entrySet().stream().flatMap((kind) -> IntStream.range(0, DRAWS_PER_KIND).mapToObj((draw) -> {
			Hostile request = kind.getValue().next(random);
			return DynamicTest.dynamicTest(kind.getKey() + " #" + draw, () -> assertRefused(request));
		}));
	}

	@Test
	void coversEnoughKinds() {
		assertThat(kinds()).hasSizeGreaterThanOrEqualTo(50);
	}

	private static void assertRefused(Hostile request) throws Exception {
		triesByKind.computeIfAbsent(request.kind(), (k) -> new AtomicInteger()).incrementAndGet();
		String before = jdbc.queryForObject(TABLES, String.class);
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(service.baseUrl() + request.path()))
			.timeout(Duration.ofSeconds(30))
			.method(request.method(), (request.body() != null) ? HttpRequest.BodyPublishers.ofByteArray(request.body())
					: HttpRequest.BodyPublishers.noBody());
		if (request.contentType() != null) {
			builder.header("Content-Type", request.contentType());
		}
		request.headers().forEach(builder::header);
		HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());

		String description = request.kind() + ": " + request.method() + " " + request.path() + " -> "
				+ response.statusCode() + " " + response.body();
		assertThat(response.statusCode()).as(description).isBetween(400, 499);
		if (request.expected() != 0) {
			assertThat(response.statusCode()).as(description).isEqualTo(request.expected());
		}
		assertThat(response.headers().firstValue("Content-Type")).as(description)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("status").asInt()).as(description).isEqualTo(response.statusCode());
		assertThat(problem.path("title").asString()).as(description).isNotBlank();
		assertThat(problem.path("detail").asString()).as(description).isNotBlank().doesNotContainIgnoringCase("sql");
		for (JsonNode error : problem.path("errors")) {
			assertThat(error.path("field").asString()).as(description).isNotBlank();
			assertThat(error.path("message").asString()).as(description).isNotBlank();
		}
		if (request.field() != null) {
			assertThat(problem.path("errors").findValuesAsString("field")).as(description).contains(request.field());
		}
		assertThat(jdbc.queryForObject(TABLES, String.class)).as("rows after " + description).isEqualTo(before);
	}

	/**
	 * One malformed or hostile request.
	 *
	 * @param expected the exact status, or 0 for any 4xx
	 * @param field the field the problem must name, or null
	 */
	record Hostile(String kind, String method, String path, String contentType, byte[] body,
			Map<String, String> headers, int expected, String field) {

		@Override
		public String toString() {
			String text = (this.body != null) ? new String(this.body, StandardCharsets.UTF_8) : "";
			return this.kind + " " + this.method + " " + this.path + " "
					+ ((text.length() > 200) ? text.substring(0, 200) + "..." : text);
		}

	}

	/** A seeded generator of values: the few combinators the kinds below need. */
	@FunctionalInterface
	interface Gen<T> {

		T next(SplittableRandom random);

		default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
			return (random) -> mapper.apply(next(random));
		}

		default <R> Gen<R> flatMap(Function<? super T, Gen<R>> mapper) {
			return (random) -> mapper.apply(next(random)).next(random);
		}

		default Gen<T> filter(Predicate<? super T> accepted) {
			return (random) -> {
				for (int attempt = 0; attempt < 1000; attempt++) {
					T value = next(random);
					if (accepted.test(value)) {
						return value;
					}
				}
				throw new IllegalStateException("the filter accepts almost nothing");
			};
		}

	}

	@SafeVarargs
	static <T> Gen<T> of(T... values) {
		List<T> choices = List.of(values);
		return (random) -> choices.get(random.nextInt(choices.size()));
	}

	static <T> Gen<T> just(T value) {
		return (random) -> value;
	}

	/** Integers in [low, high], both ends included. */
	static Gen<Integer> between(int low, int high) {
		return (random) -> random.nextInt(low, high + 1);
	}

	/** Any int, the edges drawn often. */
	static Gen<Integer> anyInt() {
		return (random) -> switch (random.nextInt(4)) {
			case 0 -> Integer.MIN_VALUE;
			case 1 -> Integer.MAX_VALUE;
			default -> random.nextInt();
		};
	}

	/** ASCII letters, of a length in [min, max]. */
	static Gen<String> alpha(int min, int max) {
		return (random) -> {
			StringBuilder word = new StringBuilder();
			int length = random.nextInt(min, max + 1);
			for (int i = 0; i < length; i++) {
				int letter = random.nextInt(52);
				word.append((char) ((letter < 26) ? 'a' + letter : 'A' + letter - 26));
			}
			return word.toString();
		};
	}

	static Gen<UUID> uuids() {
		return (random) -> new UUID(random.nextLong(), random.nextLong());
	}

	static final String VALID_EXAMPLES = "[{\"input\": \"hot\", \"output\": \"cold\"}, {\"input\": \"up\", \"output\": \"down\"}]";

	/** A task body with one member replaced (given as raw JSON). */
	static String task(String member, String rawJson) {
		Map<String, String> members = new LinkedHashMap<>();
		members.put("name", "\"antonyms\"");
		members.put("metric", "\"exact_match\"");
		members.put("examples", VALID_EXAMPLES);
		members.put(member, rawJson);
		StringBuilder json = new StringBuilder("{");
		members.forEach(
				(k, v) -> json.append((json.length() > 1) ? ", " : "").append('"').append(k).append("\": ").append(v));
		return json.append('}').toString();
	}

	static String example(String input, String output) {
		return "[{\"input\": \"hot\", \"output\": \"cold\"}, {\"input\": " + input + ", \"output\": " + output + "}]";
	}

	static String job(String member, String rawJson) {
		Map<String, String> members = new LinkedHashMap<>();
		members.put("taskId", "\"" + taskId + "\"");
		members.put(member, rawJson);
		if (member.equals("task")) {
			members.remove("taskId");
		}
		StringBuilder json = new StringBuilder("{");
		members.forEach(
				(k, v) -> json.append((json.length() > 1) ? ", " : "").append('"').append(k).append("\": ").append(v));
		return json.append('}').toString();
	}

	static String quoted(String text) {
		return JSON.writeValueAsString(text);
	}

	static Hostile post(String kind, String path, String json, int expected, String field) {
		return new Hostile(kind, "POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of(),
				expected, field);
	}

	static Hostile get(String kind, String path, int expected, String field) {
		return new Hostile(kind, "GET", path, null, null, Map.of(), expected, field);
	}

	/** Words with a character PostgreSQL cannot store at a random place. */
	static Gen<String> unstorable() {
		return alpha(0, 20)
			.flatMap((word) -> of("\\u0000", "\\ud800", "\\udfff", "\\ud83d").flatMap((bad) -> between(0, word.length())
				.map((at) -> "\"" + word.substring(0, at) + bad + word.substring(at) + "\"")));
	}

	static Gen<String> uuidPaths(String format) {
		return uuids().map((id) -> format.formatted(id));
	}

	static Map<String, Gen<Hostile>> kinds() {
		Map<String, Gen<Hostile>> kinds = new LinkedHashMap<>();
		Function<String, String> tasks = (json) -> json;
		// --- POST /tasks: wrong types
		kinds.put("task name is a number", anyInt()
			.map((n) -> post("task name is a number", "/tasks", task("name", Integer.toString(n)), 400, null)));
		kinds.put("task name is an array",
				just(post("task name is an array", "/tasks", task("name", "[\"a\"]"), 400, "name")));
		kinds.put("task name is blank", of("\"\"", "\"   \"", "\"\\t\\n\"", "null")
			.map((v) -> post("task name is blank", "/tasks", task("name", v), 400, "name")));
		kinds.put("task name oversized", between(201, 5000)
			.map((n) -> post("task name oversized", "/tasks", task("name", quoted("n".repeat(n))), 400, "name")));
		kinds.put("task name unstorable",
				unstorable().map((v) -> post("task name unstorable", "/tasks", task("name", v), 400, "name")));
		kinds.put("metric unknown",
				of("\"accuracy\"", "\"EXACT MATCH\"", "\"exact_match\\u200b\"", "\"\\uff45xact_match\"", "\"\"")
					.map((v) -> post("metric unknown", "/tasks", task("metric", v), 400, "metric")));
		kinds.put("metric wrong type", of("1", "true", "{}", "[]")
			.map((v) -> post("metric wrong type", "/tasks", task("metric", v), 400, "metric")));
		kinds.put("examples not a list", of("\"hot\"", "1", "{}", "true")
			.map((v) -> post("examples not a list", "/tasks", task("examples", v), 400, "examples")));
		kinds.put("examples empty or null", of("[]", "null")
			.map((v) -> post("examples empty or null", "/tasks", task("examples", v), 400, "examples")));
		kinds.put("example is null", just(post("example is null", "/tasks",
				task("examples", "[null, {\"input\": \"a\", \"output\": \"b\"}]"), 400, null)));
		kinds.put("example input missing",
				just(post("example input missing", "/tasks",
						task("examples", "[{\"output\": \"b\"}, {\"input\": \"a\", \"output\": \"b\"}]"), 400,
						"examples[0].input")));
		kinds.put("example input wrong type", of("1", "[]", "{}", "true", "1e999")
			.map((v) -> post("example input wrong type", "/tasks", task("examples", example(v, "\"x\"")), 400, null)));
		kinds.put(
				"example with output and outputs", just(
						post("example with output and outputs", "/tasks",
								task("examples",
										"[{\"input\": \"a\", \"output\": \"b\", \"outputs\": [\"c\"]}, "
												+ "{\"input\": \"c\", \"output\": \"d\"}]"),
								400, "examples[0].output")));
		kinds.put("example without outputs",
				just(post("example without outputs", "/tasks",
						task("examples", "[{\"input\": \"a\"}, {\"input\": \"c\", \"output\": \"d\"}]"), 400,
						"examples[0].output")));
		kinds.put("outputs empty",
				just(post("outputs empty", "/tasks",
						task("examples",
								"[{\"input\": \"a\", \"outputs\": []}, {\"input\": \"c\", \"output\": \"d\"}]"),
						400, "examples[0].outputs")));
		kinds.put("outputs hold null",
				just(post("outputs hold null", "/tasks",
						task("examples",
								"[{\"input\": \"a\", \"outputs\": [null]}, {\"input\": \"c\", \"output\": \"d\"}]"),
						400, null)));
		kinds.put("too many outputs",
				between(51, 300).map((n) -> post("too many outputs", "/tasks",
						task("examples",
								"[{\"input\": \"a\", \"outputs\": ["
										+ String.join(",", java.util.Collections.nCopies(n, "\"o\"")) + "]}]"),
						400, "examples[0].outputs")));
		kinds.put("input oversized", between(4001, 20_000).map((n) -> post("input oversized", "/tasks",
				task("examples", example(quoted("i".repeat(n)), "\"x\"")), 400, "examples[1].input")));
		kinds.put("input unstorable", unstorable().map((v) -> post("input unstorable", "/tasks",
				task("examples", example(v, "\"x\"")), 400, "examples[1].input")));
		kinds.put("output unstorable", unstorable().map((v) -> post("output unstorable", "/tasks",
				task("examples", example("\"a\"", v)), 400, "examples[1].output")));
		kinds.put("test example unstorable", unstorable().map((v) -> post("test example unstorable", "/tasks",
				task("testExamples", "[{\"input\": " + v + ", \"output\": \"x\"}]"), 400, "testExamples[0].input")));
		kinds.put("description oversized or wrong type",
				of(quoted("d".repeat(4001)), "{}", "[1]").map((v) -> post("description oversized or wrong type",
						"/tasks", task("description", v), 400, "description")));
		kinds.put("unknown field",
				alpha(3, 12).filter(
						(name) -> !Set.of("name", "metric", "examples", "testExamples", "description").contains(name))
					.map((name) -> post("unknown field", "/tasks", task(name, "1"), 400, name)));
		kinds.put("too many examples",
				just(post("too many examples", "/tasks", task("examples",
						"[" + String.join(",",
								java.util.Collections.nCopies(5001, "{\"input\": \"a\", \"output\": \"b\"}")) + "]"),
						400, "examples")));
		kinds.put("deep nesting", between(1_001, 5_000).map((depth) -> post("deep nesting", "/tasks",
				task("description", "[".repeat(depth) + "]".repeat(depth)), 400, null)));
		kinds.put("truncated JSON", between(1, 40).map((cut) -> {
			String json = task("name", "\"antonyms\"");
			return post("truncated JSON", "/tasks", json.substring(0, json.length() - cut), 400, null);
		}));
		kinds.put("not an object", of("[]", "\"task\"", "42", "true", "null", "")
			.map((json) -> post("not an object", "/tasks", json, 400, null)));
		kinds.put("NaN and Infinity literals", of("NaN", "Infinity", "-Infinity", "+1", "0x10", "01")
			.map((v) -> post("NaN and Infinity literals", "/tasks", task("name", v), 400, null)));
		kinds.put("comments and single quotes", of("{/* c */ \"name\": \"a\"}", "{'name': 'a'}", "{name: \"a\"}")
			.map((json) -> post("comments and single quotes", "/tasks", json, 400, null)));
		kinds.put("invalid UTF-8", of(new byte[] { (byte) 0xC3, (byte) 0x28 }, new byte[] { (byte) 0xFF, (byte) 0xFE },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })
			.map((bad) -> {
				byte[] head = "{\"name\": \"a".getBytes(StandardCharsets.UTF_8);
				byte[] tail = ("\", \"metric\": \"exact_match\", \"examples\": " + VALID_EXAMPLES + "}")
					.getBytes(StandardCharsets.UTF_8);
				byte[] body = new byte[head.length + bad.length + tail.length];
				System.arraycopy(head, 0, body, 0, head.length);
				System.arraycopy(bad, 0, body, head.length, bad.length);
				System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
				return new Hostile("invalid UTF-8", "POST", "/tasks", "application/json", body, Map.of(), 400, null);
			}));
		kinds.put("wrong content type",
				of("text/plain", "application/xml", "application/x-www-form-urlencoded", "application/octet-stream")
					.map((type) -> new Hostile("wrong content type", "POST", "/tasks", type,
							tasks.apply(task("name", "\"a\"")).getBytes(StandardCharsets.UTF_8), Map.of(), 415, null)));
		kinds.put("multipart without a file part", of(
				"--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nantonyms\r\n--x--\r\n",
				task("name", "\"a\""))
			.map((body) -> new Hostile("multipart without a file part", "POST", "/tasks",
					"multipart/form-data; boundary=x", body.getBytes(StandardCharsets.UTF_8), Map.of(), 400, "file")));
		kinds.put("unsupported method",
				of("DELETE /tasks", "PUT /jobs", "PATCH /tasks", "PUT /jobs/" + UUID.randomUUID())
					.map((route) -> new Hostile("unsupported method", route.split(" ")[0], route.split(" ")[1], null,
							null, Map.of(), 405, null)));
		// --- POST /jobs
		kinds.put("taskId not a UUID",
				of("\"abc\"", "\"123\"", "\"" + "f".repeat(36) + "\"", "1", "\"00000000-0000-0000-0000-00000000000g\"")
					.map((v) -> post("taskId not a UUID", "/jobs", job("taskId", v), 400, "taskId")));
		kinds.put("taskId unknown",
				uuids().map((id) -> post("taskId unknown", "/jobs", job("taskId", "\"" + id + "\""), 404, null)));
		kinds.put("taskId and task",
				just(post("taskId and task", "/jobs",
						"{\"taskId\": \"" + UUID.randomUUID() + "\", \"task\": " + task("name", "\"a\"") + "}", 400,
						"taskId")));
		kinds.put("neither taskId nor task", of("{}", "{\"strategy\": \"random\"}")
			.map((json) -> post("neither taskId nor task", "/jobs", json, 400, "taskId")));
		kinds.put("strategy unknown", of("\"bayes\"", "\"\"", "1", "[\"ape\"]")
			.map((v) -> post("strategy unknown", "/jobs", job("strategy", v), 400, "strategy")));
		kinds.put("settings out of range",
				of("initialTrials", "batchSize", "exemplars", "devExamples", "softPromptTokens", "intrinsicDim")
					.flatMap((name) -> of(-1, 0, 100_000).map((v) -> post("settings out of range", "/jobs",
							job("settings", "{\"" + name + "\": " + v + "}"), 400, "settings." + name))));
		kinds.put("settings huge numbers",
				of("1e30", "9999999999999999999999", "-9223372036854775809", "1.5")
					.map((v) -> post("settings huge numbers", "/jobs", job("settings", "{\"iterations\": " + v + "}"),
							400, null)));
		kinds.put("seed not a long", of("\"abc\"", "1e400", "18446744073709551616", "[]", "NaN")
			.map((v) -> post("seed not a long", "/jobs", job("settings", "{\"seed\": " + v + "}"), 400, null)));
		kinds.put("kernel unknown", of("\"rbf\"", "\"\"", "7").map((v) -> post("kernel unknown", "/jobs",
				job("settings", "{\"kernel\": " + v + "}"), 400, "settings.kernel")));
		kinds.put("too many planned trials",
				between(3, 100).map((it) -> post("too many planned trials", "/jobs",
						job("settings", "{\"initialTrials\": 1000, \"batchSize\": 500, \"iterations\": " + it + "}"),
						400, "settings")));
		kinds.put("settings not an object", of("[]", "\"fast\"", "1", "true")
			.map((v) -> post("settings not an object", "/jobs", job("settings", v), 400, "settings")));
		kinds.put("settings unknown field",
				of("temperature", "gpus", "seeds").map((name) -> post("settings unknown field", "/jobs",
						job("settings", "{\"" + name + "\": 1}"), 400, "settings." + name)));
		kinds.put("budget not positive",
				of("maxTrials", "maxBlackBoxCalls", "maxTokens", "maxCostUsd")
					.flatMap((name) -> of("0", "-1").map((v) -> post("budget not positive", "/jobs",
							job("budget", "{\"" + name + "\": " + v + "}"), 400, "budget." + name))));
		kinds.put("budget wrong type",
				of("{\"maxTokens\": \"many\"}", "{\"maxCostUsd\": [1]}", "{\"maxTrials\": 1e12}", "[]")
					.map((v) -> post("budget wrong type", "/jobs", job("budget", v), 400, null)));
		kinds.put("model not allowed", alpha(1, 30).filter((m) -> !m.equals(StubLlms.BLACK_BOX_MODEL))
			.map((m) -> post("model not allowed", "/jobs", job("blackBoxModel", quoted(m)), 400, "blackBoxModel")));
		kinds.put("model oversized", just(
				post("model oversized", "/jobs", job("blackBoxModel", quoted("m".repeat(201))), 400, "blackBoxModel")));
		kinds.put("model unstorable", unstorable()
			.map((v) -> post("model unstorable", "/jobs", job("blackBoxModel", v), 400, "blackBoxModel")));
		kinds.put("inline task unstorable", unstorable().map((v) -> post("inline task unstorable", "/jobs",
				job("task", task("examples", example(v, "\"x\""))), 400, "task.examples[1].input")));
		kinds.put("inline task too small", just(post("inline task too small", "/jobs",
				job("task", task("examples", "[{\"input\": \"a\", \"output\": \"b\"}]")), 400, "task.examples")));
		kinds.put("inline task invalid", of("name", "metric", "examples").map((member) -> post("inline task invalid",
				"/jobs", job("task", task(member, "\"\"")), 400, "task." + member)));
		kinds.put("job body wrong content type",
				of("text/plain", "application/yaml")
					.map((type) -> new Hostile("job body wrong content type", "POST", "/jobs", type,
							job("strategy", "\"random\"").getBytes(StandardCharsets.UTF_8), Map.of(), 415, null)));
		kinds.put("job body truncated or empty", of("", "{", "{\"taskId\": ", "{\"taskId\": \"x\"")
			.map((json) -> post("job body truncated or empty", "/jobs", json, 400, null)));
		// --- path and query parameters
		kinds.put("bad UUID in path", of("/tasks/%s", "/jobs/%s", "/jobs/%s/trials", "/jobs/%s/best", "/jobs/%s/events")
			.flatMap((route) -> of("abc", "1", "00000000-0000-0000-0000", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
					"%E2%98%83", "null")
				.map((bad) -> get("bad UUID in path", route.formatted(bad), 400, null))));
		kinds.put("bad UUID to cancel", of("abc", "42").map((bad) -> new Hostile("bad UUID to cancel", "POST",
				"/jobs/" + bad + "/cancel", null, null, Map.of(), 400, null)));
		kinds.put("unknown task or job",
				of("/tasks/%s", "/jobs/%s", "/jobs/%s/trials", "/jobs/%s/best", "/jobs/%s/events")
					.flatMap((route) -> uuidPaths(route).map((path) -> get("unknown task or job", path, 404, null))));
		kinds.put("cancel unknown job", uuidPaths("/jobs/%s/cancel")
			.map((path) -> new Hostile("cancel unknown job", "POST", path, null, null, Map.of(), 404, null)));
		kinds.put("cancel finished job", just(new Hostile("cancel finished job", "POST", "/jobs/" + jobId + "/cancel",
				null, null, Map.of(), 409, null)));
		kinds.put("bad page",
				of("/tasks", "/jobs", "/jobs/" + jobId + "/trials")
					.flatMap((route) -> of("-1", "-2147483648", "abc", "1.5", "99999999999", "%00")
						.map((page) -> get("bad page", route + "?page=" + page, 400, "page"))));
		kinds.put("bad size",
				of("/tasks", "/jobs", "/jobs/" + jobId + "/trials")
					.flatMap((route) -> of("0", "-5", "501", "100000", "1e10", "x")
						.map((size) -> get("bad size", route + "?size=" + size, 400, "size"))));
		kinds.put("bad sort",
				of("instruction", "devScore,sideways", "ordinal,asc,desc", "softPrompt,desc",
						"ordinal;drop table trial", "%27", "devScore,", "ordinal,asc%00")
					.map((sort) -> get("bad sort", "/jobs/" + jobId + "/trials?sort=" + sort.replace(" ", "%20"), 400,
							"sort")));
		kinds.put("bad status filter", of("DONE", "running%00", "1", "QUEUED,RUNNING")
			.map((status) -> get("bad status filter", "/jobs?status=" + status, 400, "status")));
		kinds.put("bad Last-Event-ID",
				of("abc", "1.5", "99999999999", "-")
					.map((id) -> new Hostile("bad Last-Event-ID", "GET", "/jobs/" + jobId + "/events", null, null,
							Map.of("Last-Event-ID", id, "Accept", "text/event-stream"), 400, "Last-Event-ID")));
		return kinds;
	}

}
