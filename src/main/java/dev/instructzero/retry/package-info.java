/**
 * Waiting between attempts: one {@code Sleeper} for every wait in the service (outbound
 * clients, a job riding out a database outage, the event listener's reconnect); one
 * backoff with {@code Retry-After} parsing ({@code RetryPolicy}) for every outbound
 * client; one loop riding out a database outage within a time limit ({@code Outage}, on a
 * {@code RetryPolicy}'s backoff) for a job and for a paid answer's writes.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.instructzero.retry;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
