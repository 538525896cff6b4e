package dev.instructzero.job;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.instructzero.run.RunMetrics;
import dev.instructzero.trial.TrialOrigin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Micrometer meters of the job engine: jobs by status (from the database, so every
 * replica reports the cluster's view), trials, and generation, evaluation and proposal
 * latencies. Black-box calls, cache hits and tokens are counted by the evaluator.
 */
@Component
class JobMetrics implements RunMetrics {

	private static final long STATUS_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final MeterRegistry registry;

	private final Timer generation;

	private final Timer evaluation;

	private final Timer proposal;

	private final Map<JobStatus, AtomicLong> jobsByStatus = new EnumMap<>(JobStatus.class);

	private final JobRepository jobs;

	private volatile long statusReadAt = System.nanoTime() - STATUS_REFRESH_NANOS;

	JobMetrics(MeterRegistry registry, JobRepository jobs) {
		this.registry = registry;
		this.jobs = jobs;
		this.generation = Timer.builder("instructzero.generation.latency")
			.description("Time to generate one instruction")
			.publishPercentileHistogram()
			.register(registry);
		this.evaluation = Timer.builder("instructzero.evaluation.latency")
			.description("Time to score one instruction on the dev subset")
			.publishPercentileHistogram()
			.register(registry);
		this.proposal = Timer.builder("instructzero.proposal.latency")
			.description("Time to fit the Gaussian process and propose a batch")
			.publishPercentileHistogram()
			.register(registry);
		for (JobStatus status : JobStatus.values()) {
			AtomicLong count = new AtomicLong();
			this.jobsByStatus.put(status, count);
			Gauge.builder("instructzero.jobs", () -> {
				refreshStatusCounts();
				return count.get();
			}).description("Jobs by status").tag("status", status.name()).register(registry);
		}
	}

	private void refreshStatusCounts() {
		long now = System.nanoTime();
		if (now - this.statusReadAt < STATUS_REFRESH_NANOS) {
			return;
		}
		this.statusReadAt = now;
		this.jobsByStatus.values().forEach((c) -> c.set(0));
		for (Object[] row : this.jobs.countByStatus()) {
			AtomicLong count = this.jobsByStatus.get(JobStatus.valueOf((String) row[0]));
			if (count != null) {
				count.set(((Number) row[1]).longValue());
			}
		}
	}

	@Override
	public void recordGeneration(long nanos) {
		this.generation.record(Duration.ofNanos(nanos));
	}

	@Override
	public void recordEvaluation(long nanos) {
		this.evaluation.record(Duration.ofNanos(nanos));
	}

	@Override
	public void recordProposal(long nanos) {
		this.proposal.record(Duration.ofNanos(nanos));
	}

	@Override
	public void recordTrial(String strategy, TrialOrigin origin, boolean duplicate) {
		Counter.builder("instructzero.trials")
			.description("Trials persisted")
			.tag("strategy", strategy)
			.tag("origin", origin.wireName())
			.tag("duplicate", Boolean.toString(duplicate))
			.register(this.registry)
			.increment();
	}

}
