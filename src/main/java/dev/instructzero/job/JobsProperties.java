package dev.instructzero.job;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Execution of jobs ({@code instructzero.jobs.*}).
 *
 * @param generationConcurrency vLLM generations in flight on this replica, all jobs
 * together (vLLM batches concurrent requests itself; each request carries the prompt as
 * embeddings, some megabytes for a 13B model, so this also bounds the heap)
 * @param databaseOutageLimit how long a job waits, on its worker, for the database to
 * come back after a transient fault (PostgreSQL restarting, a reset connection) before it
 * hands itself back to JobRunr's retries
 * @param generationPayloadBytes the {@code prompt_embeds} tensors of the generations in
 * flight on this replica together; a request waits until its payload fits
 * @param maxGpPoints most trials a Bayesian-optimisation job may plan: the Gaussian
 * process is fitted over all of them, O(n³) time and O(n²) memory per fit
 * @param maxPromptEmbedsBytes largest estimated {@code prompt_embeds} tensor of one
 * generation request that {@code POST /jobs} accepts
 */
@Validated
@ConfigurationProperties("instructzero.jobs")
record JobsProperties(@DefaultValue("8") @Min(1) int generationConcurrency,
		@DefaultValue("10m") @NotNull Duration databaseOutageLimit,
		@DefaultValue("256MB") @NotNull DataSize generationPayloadBytes, @DefaultValue("2000") @Min(1) int maxGpPoints,
		@DefaultValue("32MB") @NotNull DataSize maxPromptEmbedsBytes) {
}
