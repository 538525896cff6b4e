/**
 * Optimisation jobs: the REST API, durable execution on JobRunr ({@code JobRunner}, the
 * run's wiring in {@code JobRuns}), progress and events. The run itself is in
 * {@code dev.instructzero.run}. Not yet {@code @NullMarked}: Spring Data checks the
 * nullness of repository arguments at run time in null-marked packages, and
 * {@code JobRepository}'s nullable parameters are not annotated yet.
 */
@ApplicationModule(allowedDependencies = { "bo", "database", "evaluator", "generator", "retry", "run", "sandbox",
		"task", "trial", "web" })
package dev.instructzero.job;

import org.springframework.modulith.ApplicationModule;
