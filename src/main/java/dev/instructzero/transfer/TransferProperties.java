package dev.instructzero.transfer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of {@code POST /jobs/{id}/transfer} ({@code instructzero.transfer.*}), which
 * scores inside the request.
 *
 * @param maxCalls most black-box calls one request may need (top-k × models × examples,
 * counted before the cache answers any); a larger request is a 400
 * @param maxModels most models in one request
 */
@Validated
@ConfigurationProperties("instructzero.transfer")
record TransferProperties(@DefaultValue("1000") @Min(1) int maxCalls,
		@DefaultValue("10") @Min(1) @Max(100) int maxModels) {
}
