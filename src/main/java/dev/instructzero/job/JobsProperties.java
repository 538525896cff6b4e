package dev.instructzero.job;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
 */
@Validated
@ConfigurationProperties("instructzero.jobs")
public record JobsProperties(@DefaultValue("8") @Min(1) int generationConcurrency,
		@DefaultValue("10m") @NotNull Duration databaseOutageLimit) {
}
