package dev.instructzero.job;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.instructzero.job.InstructZeroJobTest.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Job-engine benchmarks (run with {@code ./mvnw -Pbench verify}, not part of the default
 * build): a default 150-trial job against stubs that answer in a fixed 50 ms, and 8
 * concurrent jobs on one replica. Results are appended to
 * {@code target/job-benchmark.txt} and copied by hand into docs/benchmarks.md.
 */
@Tag("bench")
class JobBenchmarkTest {

	static final int LATENCY_MS = 50;

	@TempDir
	Path dir;

	@Test
	void defaultJobWallTimeAgainstTheIdeal() throws Exception {
		try (StubLlms stubs = StubLlms.start(this.dir)) {
			stubs.blackBoxDelayMs = LATENCY_MS;
			stubs.vllmDelayMs = LATENCY_MS;
			try (RunningService service = RunningService.start(TestDatabase.freshDatabaseUrl("bench_single"),
					stubs.properties())) {
				String id = service
					.post("/jobs", "{\"task\": " + StubLlms.taskJson(60, 10, 0) + ", \"settings\": {\"seed\": 11}}",
							202)
					.path("id")
					.asString();
				JsonNode job = awaitFinished(service, id, Duration.ofMinutes(10));
				assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
				long wallMs = Duration
					.between(Instant.parse(job.path("startedAt").asString()),
							Instant.parse(job.path("finishedAt").asString()))
					.toMillis();
				long paid = job.path("progress").path("paidCalls").asLong();
				int trials = job.path("progress").path("trialsDone").asInt();
				// ideal: every paid call and every generation at full concurrency,
				// nothing else
				double idealMs = paid * LATENCY_MS / 16.0 + trials * LATENCY_MS / 8.0;
				Timer proposal = service.context()
					.getBean(MeterRegistry.class)
					.find("instructzero.proposal.latency")
					.timer();
				double boMs = (proposal != null) ? proposal.totalTime(TimeUnit.MILLISECONDS) : 0;
				report(String.format(Locale.ROOT,
						"single default job: trials=%d paidCalls=%d wall=%d ms ideal=%.0f ms ratio=%.2f "
								+ "bo=%.0f ms (%.1f%% of wall, %d fits)",
						trials, paid, wallMs, idealMs, wallMs / idealMs, boMs, 100.0 * boMs / wallMs,
						(proposal != null) ? proposal.count() : 0));
			}
		}
	}

	/**
	 * Issue 12's wall-time figure per schedule: one default job (150 trials: the paper's
	 * budget, {@code maxGenerationsPerBatch} 25 because the stub knows only a few
	 * instructions) against stubs answering after {@code bench.delayMs} (200), the
	 * schedules interleaved {@code bench.runs} times (3) on one service, each job on a
	 * task of its own (nothing from another job's cache). {@code bench.schedules} picks
	 * them (batch,async).
	 */
	@Test
	void defaultJobWallTimePerSchedule() throws Exception {
		int delayMs = Integer.getInteger("bench.delayMs", 200);
		int runs = Integer.getInteger("bench.runs", 3);
		List<String> schedules = List.of(System.getProperty("bench.schedules", "batch,async").split(","));
		try (StubLlms stubs = StubLlms.start(this.dir)) {
			stubs.blackBoxDelayMs = delayMs;
			stubs.vllmDelayMs = delayMs;
			try (RunningService service = RunningService.start(TestDatabase.freshDatabaseUrl("bench_schedule"),
					stubs.properties())) {
				int task = 0;
				for (int run = 0; run < runs; run++) {
					for (String schedule : schedules) {
						task++;
						String id = service
							.post("/jobs", "{\"task\": " + StubLlms.taskJson(60, 10, 10_000 * task)
									+ ", \"settings\": {\"seed\": 11, \"maxGenerationsPerBatch\": 25, \"schedule\": \""
									+ schedule + "\"}}", 202)
							.path("id")
							.asString();
						String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
						double[] boBefore = proposalTime(service);
						JsonNode job = awaitFinished(service, id, Duration.ofMinutes(15));
						assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
						long wallMs = Duration
							.between(Instant.parse(job.path("startedAt").asString()),
									Instant.parse(job.path("finishedAt").asString()))
							.toMillis();
						long paid = job.path("progress").path("paidCalls").asLong();
						int trials = job.path("progress").path("trialsDone").asInt();
						double idealMs = paid * delayMs / 16.0 + trials * delayMs / 8.0;
						double[] bo = proposalTime(service);
						report(String.format(Locale.ROOT,
								"schedule=%s run=%d delay=%d ms trials=%d paidCalls=%d wall=%d ms ideal=%.0f ms "
										+ "ratio=%.2f bo=%.0f ms in %.0f steps load before=[%s] after=[%s]",
								schedule, run, delayMs, trials, paid, wallMs, idealMs, wallMs / idealMs,
								bo[0] - boBefore[0], bo[1] - boBefore[1], loadBefore,
								Files.readString(Path.of("/proc/loadavg")).strip()));
					}
				}
			}
		}
	}

	@Test
	void eightConcurrentJobsOnOneReplica() throws Exception {
		try (StubLlms stubs = StubLlms.start(this.dir)) {
			stubs.blackBoxDelayMs = LATENCY_MS;
			stubs.vllmDelayMs = LATENCY_MS;
			List<String> properties = new ArrayList<>(stubs.properties());
			properties.add("--jobrunr.background-job-server.worker-count=8");
			try (RunningService service = RunningService.start(TestDatabase.freshDatabaseUrl("bench_eight"),
					properties)) {
				AtomicLong peakLiveHeap = new AtomicLong();
				ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
				sampler.scheduleAtFixedRate(() -> {
					long live = 0;
					for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
						if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
							live += pool.getCollectionUsage().getUsed();
						}
					}
					peakLiveHeap.accumulateAndGet(live, Math::max);
				}, 0, 200, TimeUnit.MILLISECONDS);
				long started = System.nanoTime();
				List<String> ids = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					ids.add(service
						.post("/jobs",
								"{\"task\": " + StubLlms.taskJson(60, 10, 10_000 * (i + 1))
										+ ", \"settings\": {\"seed\": " + i + "}}",
								202)
						.path("id")
						.asString());
				}
				int failed = 0;
				for (String id : ids) {
					JsonNode job = awaitFinished(service, id, Duration.ofMinutes(20));
					failed += job.path("status").asString().equals("SUCCEEDED") ? 0 : 1;
				}
				long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				sampler.shutdownNow();
				report(String.format(Locale.ROOT,
						"8 concurrent default jobs: wall=%d ms failed=%d peak live heap after GC=%d MB (whole test JVM, "
								+ "stubs included)",
						wallMs, failed, peakLiveHeap.get() / (1024 * 1024)));
				assertThat(failed).isZero();
			}
		}
	}

	/** Total time (ms) and count of the service's Bayesian-optimisation steps so far. */
	private static double[] proposalTime(RunningService service) {
		Timer proposal = service.context().getBean(MeterRegistry.class).find("instructzero.proposal.latency").timer();
		return (proposal == null) ? new double[2]
				: new double[] { proposal.totalTime(TimeUnit.MILLISECONDS), proposal.count() };
	}

	private static void report(String line) throws Exception {
		System.out.println("BENCH " + line);
		Files.writeString(Path.of("target/job-benchmark.txt"), line + System.lineSeparator(),
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
	}

}
