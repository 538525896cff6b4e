/**
 * Tasks and their examples: REST API, CSV/JSON Lines uploads, prompt templates, the
 * metrics and the dev/exemplar split. Owns the {@code task} and {@code task_example}
 * tables.
 */
@ApplicationModule(allowedDependencies = { "web" })
@NullMarked
package dev.instructzero.task;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
