package dev.instructzero.job;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Execution of jobs ({@code instructzero.jobs.*}).
 *
 * @param generationConcurrency vLLM generations in flight on this replica, all jobs
 * together (vLLM batches concurrent requests itself; each request carries the prompt as
 * embeddings, some megabytes for a 13B model, so this also bounds the heap)
 */
@Validated
@ConfigurationProperties("instructzero.jobs")
public record JobsProperties(@DefaultValue("8") @Min(1) int generationConcurrency) {
}
