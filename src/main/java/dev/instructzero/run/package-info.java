/**
 * Running a job: the engine without the job API. A {@link dev.instructzero.run.Run} walks
 * its {@link dev.instructzero.run.Plan} batch by batch (the
 * {@code dev.instructzero.run.Schedule}), asks its
 * {@link dev.instructzero.run.CandidateSource} (one per strategy: Bayesian, uniform, APE)
 * for points, then generates, deduplicates, scores (racing) and records each candidate;
 * then the final selection and the test run. It reaches its job only through narrow ports
 * ({@link dev.instructzero.run.TrialStore}, {@link dev.instructzero.run.SelectionStore},
 * {@link dev.instructzero.run.JobProgress}) that the {@code job} module implements, so it
 * runs without Spring or a database.
 */
@ApplicationModule(allowedDependencies = { "bo", "evaluator", "generator", "task", "trial" })
@NullMarked
package dev.instructzero.run;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
