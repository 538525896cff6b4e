package dev.instructzero.evaluator;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The budget and rate-limit paths run on the jobs' virtual threads: they must not stall
 * under contention nor pin carrier threads with monitors.
 */
class VirtualThreadBudgetTest {

	@Test
	void fiveHundredConcurrentReservationsAgainstANearlySpentBudgetFinishWithExactAccounting() throws Exception {
		// 1000 tokens left; each call reserves 100 and uses 10, so calls fit while at
		// most
		// 9900 are used: 9000, 9010, ..., 9900 -> exactly 91 calls, whatever the
		// interleaving
		JobUsage usage = JobUsage.resume(null, new JobBudget(null, null, 10_000L, null),
				new UsageTotals(900, 0, 9_000, 0, BigDecimal.ZERO));
		AtomicInteger paid = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		List<Future<?>> calls = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 500; i++) {
				calls.add(threads.submit(() -> {
					try {
						JobUsage.Reservation reservation = usage.reserve(100, BigDecimal.ZERO);
						Thread.yield();
						usage.settle(reservation, 10, 0, BigDecimal.ZERO);
						paid.incrementAndGet();
					}
					catch (BudgetExhaustedException ex) {
						refused.incrementAndGet();
					}
					return null;
				}));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> calls.stream().allMatch(Future::isDone));
			for (Future<?> call : calls) {
				call.get();
			}
		}
		assertThat(paid).hasValue(91);
		assertThat(refused).hasValue(409);
		assertThat(usage.totals()).isEqualTo(new UsageTotals(991, 0, 9_910, 0, BigDecimal.ZERO));
		assertThat(usage.exhausted()).isEmpty();
	}

	@Test
	void rateLimiterServesConcurrentVirtualThreadsWithoutLosingTokens() throws Exception {
		long[] clock = { 0 };
		ModelRateLimiter limiter = new ModelRateLimiter(new EvaluatorProperties.RateLimit(600, 0), () -> clock[0]);
		List<Future<Duration>> waits = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 500; i++) {
				waits.add(threads.submit(() -> limiter.acquire(1)));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> waits.stream().allMatch(Future::isDone));
			long longest = 0;
			for (Future<Duration> wait : waits) {
				longest = Math.max(longest, wait.get().toMillis());
			}
			// 600 per minute: the first 600 are free, so 500 calls never wait
			assertThat(longest).isZero();
		}
		// the bucket is now down to 100: the next 101st request waits 0.1 s
		for (int i = 0; i < 100; i++) {
			assertThat(limiter.acquire(1)).isZero();
		}
		assertThat(limiter.acquire(1)).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void noMonitorWaitsOrSynchronizedMethodsInTheService() throws Exception {
		ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
		Path compiled = Path.of(JobUsage.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		JavaClasses classes = new ClassFileImporter().importPath(compiled.resolve("dev/instructzero"));
		ArchConfiguration.get().reset();
		Set<String> monitorMethods = Set.of("wait", "notify", "notifyAll");
		List<String> offenders = new ArrayList<>();
		for (JavaClass javaClass : classes) {
			javaClass.getMethodCallsFromSelf()
				.stream()
				.filter((call) -> call.getTargetOwner().isEquivalentTo(Object.class)
						&& monitorMethods.contains(call.getName()))
				.forEach((call) -> offenders.add(call.getDescription()));
			for (Method method : javaClass.reflect().getDeclaredMethods()) {
				if (Modifier.isSynchronized(method.getModifiers())) {
					offenders.add(javaClass.getName() + "." + method.getName() + " is synchronized");
				}
			}
		}
		assertThat(offenders).as("monitors pin virtual threads on JDK 21; use java.util.concurrent locks").isEmpty();
	}

}
