/**
 * Studies: a grid of job settings × seeds run as ordinary jobs through the job engine,
 * and their report (per-arm means with 95% intervals, convergence curves, paired Wilcoxon
 * signed-rank comparisons with a baseline arm). Owns the {@code study} and
 * {@code study_job} tables.
 */
@ApplicationModule(allowedDependencies = { "job", "run", "task", "trial", "web" })
@NullMarked
package dev.instructzero.study;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
