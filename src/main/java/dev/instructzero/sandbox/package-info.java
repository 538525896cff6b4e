/**
 * The {@code sandbox} profile: a simulated world, its generator and black box, and the
 * guard that refuses real endpoints.
 */
@ApplicationModule(allowedDependencies = { "evaluator", "generator", "task" })
@NullMarked
package dev.instructzero.sandbox;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
