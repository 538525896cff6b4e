package dev.instructzero.job;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Execution of jobs ({@code instructzero.jobs.*}).
 *
 * @param generationConcurrency instructions generated in parallel within one job (vLLM
 * batches concurrent requests itself)
 */
@Validated
@ConfigurationProperties("instructzero.jobs")
public record JobsProperties(@DefaultValue("8") @Min(1) int generationConcurrency) {
}
