package dev.instructzero.generator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the soft-prompt generator: the embedding table can be mapped from the
 * checkpoint directory, and the vLLM server answers {@code GET /v1/models} listing the
 * configured model. DOWN with the reason (naming file and tensor for checkpoint problems)
 * otherwise. Put it in the readiness group so that an instance that cannot generate takes
 * no traffic. One attempt per check, no retries; the API key is never reported.
 * <p>
 * The result is reused for {@code instructzero.generator.vllm.health-cache-ttl}: the
 * health endpoint is anonymous and polled by probes, and each uncached check is an
 * outbound call of up to the connect timeout. Concurrent checks during a probe wait for
 * its result rather than probing again.
 */
class VllmGeneratorHealthIndicator implements HealthIndicator {

	private final VllmClient vllm;

	private final CheckpointEmbeddings checkpoint;

	private final long ttlNanos;

	private final LongSupplier nanoTime;

	private final ReentrantLock probing = new ReentrantLock();

	private @Nullable Health last;

	private long probedAt;

	VllmGeneratorHealthIndicator(VllmClient vllm, CheckpointEmbeddings checkpoint, Duration ttl,
			LongSupplier nanoTime) {
		this.vllm = vllm;
		this.checkpoint = checkpoint;
		this.ttlNanos = ttl.toNanos();
		this.nanoTime = nanoTime;
	}

	@Override
	public Health health() {
		this.probing.lock();
		try {
			long now = this.nanoTime.getAsLong();
			if (this.last == null || now - this.probedAt >= this.ttlNanos) {
				this.last = probe();
				this.probedAt = now;
			}
			return this.last;
		}
		finally {
			this.probing.unlock();
		}
	}

	private Health probe() {
		Health.Builder health = Health.up()
			.withDetail("baseUrl", this.vllm.baseUrl())
			.withDetail("model", this.vllm.model());
		try {
			EmbeddingTable table = this.checkpoint.table();
			health.withDetail("embeddingTable", table.tensor() + " [" + table.vocab() + ", " + table.hidden() + "] "
					+ table.dtype() + " in " + table.file());
		}
		catch (CheckpointException ex) {
			health.down().withDetail("checkpoint", Objects.toString(ex.getMessage(), ex.getClass().getName()));
		}
		try {
			List<String> models = this.vllm.models();
			if (!models.contains(this.vllm.model())) {
				health.down().withDetail("vllm", "model " + this.vllm.model() + " not served; served: " + models);
			}
		}
		catch (RuntimeException ex) {
			health.down().withDetail("vllm", "unreachable: " + ex.getMessage());
		}
		return health.build();
	}

}
