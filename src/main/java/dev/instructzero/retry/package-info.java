/**
 * Waiting between attempts, shared by every outbound client: one {@code Sleeper} and one
 * backoff with {@code Retry-After} parsing ({@code RetryPolicy}).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.instructzero.retry;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
