package dev.instructzero.evaluator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class JobUsageTest {

	@Test
	void aCallThatWouldPassTheBudgetIsRefused() throws Exception {
		JobUsage usage = JobUsage.start(null, new JobBudget(null, 2L, 100L, null));
		JobUsage.Reservation first = usage.reserve(40, BigDecimal.ZERO);
		usage.settle(first, 30, 5, BigDecimal.ZERO);

		assertThatExceptionOfType(BudgetExhaustedException.class).isThrownBy(() -> usage.reserve(70, BigDecimal.ZERO))
			.satisfies((ex) -> assertThat(ex.limit()).isEqualTo(BudgetLimit.TOKENS));
		usage.settle(usage.reserve(65, BigDecimal.ZERO), 10, 1, BigDecimal.ZERO);
		assertThatExceptionOfType(BudgetExhaustedException.class).isThrownBy(() -> usage.reserve(1, BigDecimal.ZERO))
			.satisfies((ex) -> assertThat(ex.limit()).isEqualTo(BudgetLimit.CALLS));
		assertThat(usage.exhausted()).contains(BudgetLimit.CALLS);
		assertThat(usage.totals()).isEqualTo(new UsageTotals(2, 0, 40, 6, BigDecimal.ZERO));
	}

	@Test
	void aCallThatFitsOnlyWithoutOtherReservationsWaitsForThem() throws Exception {
		JobUsage usage = JobUsage.start(null, new JobBudget(null, null, 100L, null));
		JobUsage.Reservation running = usage.reserve(80, BigDecimal.ZERO);

		CompletableFuture<JobUsage.Reservation> waiting = CompletableFuture.supplyAsync(() -> {
			try {
				return usage.reserve(80, BigDecimal.ZERO);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

		usage.settle(running, 10, 5, BigDecimal.ZERO);
		assertThat(waiting.get()).isNotNull();
	}

	@Test
	void aFailedCallGivesItsReservationBack() throws Exception {
		JobUsage usage = JobUsage.start(null, new JobBudget(null, 1L, null, null));
		usage.release(usage.reserve(10, BigDecimal.ZERO));
		assertThat(usage.reserve(10, BigDecimal.ZERO)).isNotNull();
		assertThat(usage.totals().paidCalls()).isZero();
	}

	@Test
	void costBudgetCountsUsd() throws Exception {
		JobUsage usage = JobUsage.start(null, new JobBudget(null, null, null, new BigDecimal("0.01")));
		usage.settle(usage.reserve(1, new BigDecimal("0.006")), 1, 1, new BigDecimal("0.006"));
		assertThatExceptionOfType(BudgetExhaustedException.class)
			.isThrownBy(() -> usage.reserve(1, new BigDecimal("0.005")))
			.satisfies((ex) -> assertThat(ex.limit()).isEqualTo(BudgetLimit.COST));
		assertThat(usage.exhausted()).isEmpty();
	}

	@Test
	void checksTheSpendingLimitsAndLeavesTheTrialLimitToTheEngine() throws Exception {
		JobUsage usage = JobUsage.start(null, new JobBudget(1, 2L, null, null));
		usage.settle(usage.reserve(1, BigDecimal.ZERO), 1, 1, BigDecimal.ZERO);
		// maxTrials 1 is the engine's limit: a second paid call still fits the budget
		usage.settle(usage.reserve(1, BigDecimal.ZERO), 1, 1, BigDecimal.ZERO);
		assertThat(usage.exhausted()).contains(BudgetLimit.CALLS);
		assertThat(JobUsage.start(null, null).budget()).isEqualTo(JobBudget.unlimited());
	}

	@Test
	void refusesANegativeSpendingLimit() {
		for (JobBudget negative : List.of(new JobBudget(null, -1L, null, null), new JobBudget(null, null, -1L, null),
				new JobBudget(null, null, null, new BigDecimal("-0.01")))) {
			assertThatIllegalArgumentException().isThrownBy(() -> JobUsage.start(null, negative))
				.withMessage("budgets cannot be negative");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> JobUsage.resume(null, negative, UsageTotals.ZERO, JudgeTotals.ZERO, () -> false));
		}
		// zero limits are valid: nothing may be paid
		assertThat(JobUsage.start(null, new JobBudget(null, 0L, 0L, BigDecimal.ZERO)).exhausted())
			.contains(BudgetLimit.CALLS);
	}

}
