/**
 * Optimisation jobs: the REST API, durable execution on JobRunr ({@code JobRunner}, the
 * run's wiring in {@code JobRuns}), progress and events. The run itself is in
 * {@code dev.instructzero.run}.
 */
@ApplicationModule(allowedDependencies = { "bo", "database", "evaluator", "generator", "retry", "run", "sandbox",
		"task", "trial", "web" })
@NullMarked
package dev.instructzero.job;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
