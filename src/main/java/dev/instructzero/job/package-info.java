/**
 * Optimisation jobs: the REST API, durable execution on JobRunr ({@code JobRunner}, the
 * run's wiring in {@code JobRuns}), progress and events. The run itself is in
 * {@code dev.instructzero.run}. {@code @NullMarked}: Spring Data checks the nullness of
 * repository arguments at run time here, so a repository parameter that may be null is
 * {@code @Nullable}.
 */
@ApplicationModule(allowedDependencies = { "bo", "database", "evaluator", "generator", "retry", "run", "sandbox",
		"task", "trial", "web" })
@NullMarked
package dev.instructzero.job;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
