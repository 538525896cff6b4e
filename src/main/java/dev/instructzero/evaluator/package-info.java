/**
 * The black-box LLM: the OpenAI-compatible client, retries and rate limits, the call
 * cache, the paid-call ledger, budgets and usage, the LLM judge. Owns the
 * {@code black_box_call} and {@code paid_call} tables.
 */
@ApplicationModule(allowedDependencies = { "database", "retry", "task" })
@NullMarked
package dev.instructzero.evaluator;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
