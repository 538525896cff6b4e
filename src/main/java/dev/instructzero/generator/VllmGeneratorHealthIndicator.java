package dev.instructzero.generator;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the soft-prompt generator: the embedding table can be mapped from the
 * checkpoint directory, and the vLLM server answers {@code GET /v1/models} listing the
 * configured model. DOWN with the reason (naming file and tensor for checkpoint problems)
 * otherwise. Put it in the readiness group so that an instance that cannot generate takes
 * no traffic. One attempt per check, no retries; the API key is never reported.
 */
public class VllmGeneratorHealthIndicator implements HealthIndicator {

	private final VllmClient vllm;

	private final CheckpointEmbeddings checkpoint;

	VllmGeneratorHealthIndicator(VllmClient vllm, CheckpointEmbeddings checkpoint) {
		this.vllm = vllm;
		this.checkpoint = checkpoint;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up()
			.withDetail("baseUrl", this.vllm.baseUrl())
			.withDetail("model", this.vllm.model());
		try {
			EmbeddingTable table = this.checkpoint.table();
			health.withDetail("embeddingTable", table.tensor() + " [" + table.vocab() + ", " + table.hidden() + "] "
					+ table.dtype() + " in " + table.file());
		}
		catch (CheckpointException ex) {
			health.down().withDetail("checkpoint", ex.getMessage());
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
