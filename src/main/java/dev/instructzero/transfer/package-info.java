/**
 * Transfer of a finished job's top instructions to other black-box models
 * ({@code /jobs/{id}/transfer}, synchronous, within limits): each instruction × model
 * scored on the task's test examples through the evaluator, stored once per cell. Owns
 * the {@code transfer_score} table. What it needs of a job it reads and charges through
 * {@code job.TransferableJobs}.
 */
@ApplicationModule(allowedDependencies = { "evaluator", "job", "task", "trial", "web" })
@NullMarked
package dev.instructzero.transfer;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
