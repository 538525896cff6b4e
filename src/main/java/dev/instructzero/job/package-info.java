/**
 * Optimisation jobs: the REST API, the InstructZero loop and its baselines, durable
 * execution on JobRunr, progress and events.
 */
package dev.instructzero.job;
