/**
 * Optimisation jobs: the REST API, durable execution on JobRunr ({@code JobRunner}, the
 * run's wiring in {@code JobRuns}), progress and events. The run itself is in
 * {@code dev.instructzero.run}.
 */
package dev.instructzero.job;
