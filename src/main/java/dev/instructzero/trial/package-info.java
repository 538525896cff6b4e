/**
 * Trials, the answers behind them and final candidates: REST API and exports, the one
 * "best trial" query, the cost–accuracy front. Owns the {@code trial},
 * {@code trial_answer} and {@code final_candidate} tables; what it needs of a job it asks
 * through {@code JobDirectory}.
 */
@ApplicationModule(allowedDependencies = { "evaluator", "task", "web" })
@NullMarked
package dev.instructzero.trial;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
