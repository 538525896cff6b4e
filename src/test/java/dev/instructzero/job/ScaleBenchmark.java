package dev.instructzero.job;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.instructzero.InstructZeroApplication;
import dev.instructzero.support.ReplicaProcess;
import dev.instructzero.support.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale of one replica (issue 12): the service runs in a child JVM with a fixed heap
 * ({@code -Xmx512m}, G1, GC log) against {@link VicunaSizedStubs} (hidden 5120, F16,
 * every answer after 200 ms), and N jobs are posted at once, each on its own task (no
 * cache hits between jobs), with JobRunr's worker count N so all of them run at once.
 * Reported: failed jobs, wall time, trials and paid calls, the heap (peak occupancy
 * before a collection, peak after one, full collections, GC pause total) from the GC log,
 * OutOfMemoryErrors in the child's log, and the load average.
 *
 * <pre>
 * ./mvnw -Pbench test -Dtest=ScaleBenchmark#eightDefaultJobsIn512MbOfHeap
 * ./mvnw -Pbench test -Dtest=ScaleBenchmark#thirtyTwoJobsOnOneReplica [-Dbench.settings='{"iterations": 2}']
 * </pre>
 *
 * Lines are appended to {@code target/scale-benchmark.txt}.
 */
@Tag("bench")
class ScaleBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern GC_LINE = Pattern.compile(
			"\\[([0-9.]+)s\\].*GC\\(\\d+\\) (Pause [^()]+(?:\\([^)]*\\))*) (\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");

	static final int DELAY_MS = Integer.getInteger("bench.delayMs", 200);

	static final String HEAP = System.getProperty("bench.heap", "512m");

	@TempDir
	Path dir;

	@Test
	void eightDefaultJobsIn512MbOfHeap() throws Exception {
		Result result = run("8 default jobs", 8, System.getProperty("bench.settings", "{}"), Duration.ofMinutes(18));
		assertThat(result.failed()).as(result.toString()).isZero();
		assertThat(result.outOfMemoryErrors()).isZero();
		assertThat(result.stubRejections()).isZero();
	}

	@Test
	void thirtyTwoJobsOnOneReplica() throws Exception {
		Result result = run("32 jobs", 32, System.getProperty("bench.settings", "{}"), Duration.ofMinutes(18));
		assertThat(result.failed()).as(result.toString()).isZero();
		assertThat(result.outOfMemoryErrors()).isZero();
		assertThat(result.stubRejections()).isZero();
	}

	private Result run(String name, int jobs, String settings, Duration limit) throws Exception {
		List<String> loads = new java.util.concurrent.CopyOnWriteArrayList<>();
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		sampler.scheduleAtFixedRate(() -> {
			try {
				String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
				loads.add(fields[0]);
			}
			catch (IOException ex) {
				// not Linux: no load figures
			}
		}, 0, 15, TimeUnit.SECONDS);
		try (VicunaSizedStubs stubs = VicunaSizedStubs.start(this.dir, DELAY_MS)) {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path log = this.dir.resolve("replica.log");
			Path gcLog = this.dir.resolve("gc.log");
			String database = TestDatabase.freshDatabaseUrl("bench_scale_" + jobs);
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + HEAP,
							"-XX:+UseG1GC", "-Xlog:gc:file=" + gcLog, "--enable-native-access=ALL-UNNAMED", "-cp",
							System.getProperty("java.class.path"), InstructZeroApplication.class.getName(),
							"--server.port=" + port, "--spring.datasource.url=" + database,
							"--spring.datasource.username=" + TestDatabase.get().username(),
							"--spring.datasource.password=" + TestDatabase.get().password(),
							"--jobrunr.background-job-server.worker-count=" + jobs,
							"--jobrunr.background-job-server.poll-interval-in-seconds=5"));
			command.addAll(stubs.properties());
			Process replica = ReplicaProcess.start(command, log);
			try {
				HttpClient http = HttpClient.newHttpClient();
				String base = "http://127.0.0.1:" + port;
				ReplicaProcess.awaitHealthy(replica, base, log, Duration.ofMinutes(4), Duration.ofSeconds(1));
				long started = System.nanoTime();
				List<String> ids = new ArrayList<>();
				for (int i = 0; i < jobs; i++) {
					HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/jobs"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers
							.ofString("{\"task\": " + VicunaSizedStubs.taskJson(100, 20, 100_000 * (i + 1))
									+ ", \"settings\": " + withSeed(settings, i) + "}"))
						.build(), HttpResponse.BodyHandlers.ofString());
					assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
					ids.add(JSON.readTree(created.body()).path("id").asString());
				}
				Map<String, JsonNode> finished = new LinkedHashMap<>();
				try {
					awaitAll(limit, replica, log, http, base, ids, finished);
				}
				catch (org.awaitility.core.ConditionTimeoutException ex) {
					// reported below: the unfinished jobs count as failed
				}
				long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				int failed = ids.size() - finished.size();
				List<String> failures = new ArrayList<>();
				if (failed > 0) {
					failures.add(failed + " unfinished after " + limit);
				}
				long trials = 0;
				long paid = 0;
				for (JsonNode job : finished.values()) {
					if (!job.path("status").asString().equals("SUCCEEDED")) {
						failed++;
						failures.add(job.path("status").asString() + ": " + job.path("error").asString());
					}
					trials += job.path("progress").path("trialsDone").asLong();
					paid += job.path("progress").path("paidCalls").asLong();
				}
				Heap heap = Heap.of(gcLog);
				// kept for reading after the temporary directory is gone
				Files.copy(gcLog, Path.of("target/scale-" + jobs + "-gc.log"), StandardCopyOption.REPLACE_EXISTING);
				Files.copy(log, Path.of("target/scale-" + jobs + "-replica.log"), StandardCopyOption.REPLACE_EXISTING);
				String childLog = Files.readString(log);
				int ooms = countOf(childLog, "OutOfMemoryError");
				Result result = new Result(name, jobs, settings, failed, failures, wallMs, trials, paid,
						stubs.completions.get(), stubs.blackBoxCalls.get(), stubs.maxRows.get(), heap, ooms,
						stubs.rejected.size(), List.copyOf(loads));
				report(result.toString());
				return result;
			}
			finally {
				replica.destroy();
				replica.waitFor(60, TimeUnit.SECONDS);
				replica.destroyForcibly();
			}
		}
		finally {
			sampler.shutdownNow();
		}
	}

	private static void awaitAll(Duration limit, Process replica, Path log, HttpClient http, String base,
			List<String> ids, Map<String, JsonNode> finished) {
		await().atMost(limit).pollInterval(Duration.ofSeconds(3)).until(() -> {
			assertThat(replica.isAlive()).as("replica alive; log: %s", ReplicaProcess.tail(log)).isTrue();
			for (String id : ids) {
				if (!finished.containsKey(id)) {
					HttpResponse<String> got = http.send(
							HttpRequest.newBuilder(URI.create(base + "/jobs/" + id)).build(),
							HttpResponse.BodyHandlers.ofString());
					JsonNode job = JSON.readTree(got.body());
					String status = job.path("status").asString();
					if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status)) {
						finished.put(id, job);
					}
				}
			}
			return finished.size() == ids.size();
		});
	}

	private static String withSeed(String settings, int i) {
		JsonNode node = JSON.readTree(settings);
		((tools.jackson.databind.node.ObjectNode) node).put("seed", 1000 + i);
		return node.toString();
	}

	private static int countOf(String text, String word) {
		int n = 0;
		for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
			n++;
		}
		return n;
	}

	private static void report(String line) throws IOException {
		System.out.println("BENCH " + line);
		Files.writeString(Path.of("target/scale-benchmark.txt"), line + System.lineSeparator(),
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	/**
	 * The heap as the GC log tells it (MB): the largest occupancy a collection started
	 * from, the largest and the median an evacuation or full collection left (live data
	 * plus what G1 kept), collections, full collections and their total pause.
	 */
	record Heap(int peakBeforeGcMb, int peakAfterGcMb, int medianAfterGcMb, int maxCommittedMb, int collections,
			int fullCollections, double pauseMs) {

		static Heap of(Path gcLog) throws IOException {
			int before = 0;
			int after = 0;
			int committed = 0;
			int count = 0;
			int full = 0;
			double pause = 0;
			List<Integer> afterYoung = new ArrayList<>();
			for (String line : Files.readAllLines(gcLog)) {
				Matcher m = GC_LINE.matcher(line);
				if (m.find()) {
					count++;
					full += m.group(2).startsWith("Pause Full") ? 1 : 0;
					before = Math.max(before, Integer.parseInt(m.group(3)));
					// remark and cleanup pauses reclaim nothing: only evacuations and
					// full
					// collections say what was left
					if (m.group(2).startsWith("Pause Young") || m.group(2).startsWith("Pause Full")) {
						after = Math.max(after, Integer.parseInt(m.group(4)));
						afterYoung.add(Integer.parseInt(m.group(4)));
					}
					committed = Math.max(committed, Integer.parseInt(m.group(5)));
					pause += Double.parseDouble(m.group(6));
				}
			}
			afterYoung.sort(null);
			int median = afterYoung.isEmpty() ? 0 : afterYoung.get(afterYoung.size() / 2);
			return new Heap(before, after, median, committed, count, full, pause);
		}

	}

	record Result(String name, int jobs, String settings, int failed, List<String> failures, long wallMs, long trials,
			long paidCalls, int generations, int blackBoxCalls, int maxSequenceRows, Heap heap, int outOfMemoryErrors,
			int stubRejections, List<String> loads) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"%s (settings %s, -Xmx%s, stubs %d ms): failed=%d %s wall=%.1f s trials=%d paidCalls=%d "
							+ "generations=%d blackBoxCalls=%d maxSeqRows=%d heap: peakBeforeGc=%d MB "
							+ "peakAfterGc=%d MB medianAfterGc=%d MB committed<=%d MB gcs=%d fullGcs=%d gcPause=%.1f s; OOMs=%d "
							+ "stubRejections=%d; load1 samples=%s",
					this.name, this.settings, HEAP, DELAY_MS, this.failed, this.failures, this.wallMs / 1000.0,
					this.trials, this.paidCalls, this.generations, this.blackBoxCalls, this.maxSequenceRows,
					this.heap.peakBeforeGcMb(), this.heap.peakAfterGcMb(), this.heap.medianAfterGcMb(),
					this.heap.maxCommittedMb(), this.heap.collections(), this.heap.fullCollections(),
					this.heap.pauseMs() / 1000.0, this.outOfMemoryErrors, this.stubRejections, this.loads);
		}

	}

}
