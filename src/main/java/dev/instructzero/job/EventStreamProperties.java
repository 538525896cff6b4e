package dev.instructzero.job;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Server-Sent-Event streams of {@code GET /jobs/{id}/events}
 * ({@code instructzero.events.*}).
 *
 * @param heartbeat interval of the {@code :heartbeat} comment that keeps proxies from
 * closing an idle stream
 * @param maxStreams open streams this replica serves; one more is answered 429
 * @param queueCapacity events waiting for one slow client; a stream whose queue overflows
 * is closed (the client reconnects with {@code Last-Event-ID})
 * @param timeout longest life of one stream
 */
@Validated
@ConfigurationProperties("instructzero.events")
record EventStreamProperties(@DefaultValue("15s") @NotNull Duration heartbeat,
		@DefaultValue("1000") @Min(1) int maxStreams, @DefaultValue("256") @Min(2) int queueCapacity,
		@DefaultValue("30m") @NotNull Duration timeout) {
}
