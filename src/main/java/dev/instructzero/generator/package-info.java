/**
 * The open-source LLM: checkpoint reading, the random projection z → soft prompt, prompt
 * styles, the vLLM client (prompt-embeds wire format), the named generators, APE.
 */
@ApplicationModule(allowedDependencies = { "database", "evaluator", "retry" })
@NullMarked
package dev.instructzero.generator;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
