/**
 * Waiting between attempts: one {@code Sleeper} for every wait in the service (outbound
 * clients, a job riding out a database outage, the event listener's reconnect) and one
 * backoff with {@code Retry-After} parsing ({@code RetryPolicy}) for every outbound
 * client.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.instructzero.retry;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
