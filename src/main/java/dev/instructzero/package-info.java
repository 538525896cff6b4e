/**
 * InstructZero as a service. Each sub-package is an application module (see
 * {@code docs/modules} and {@code ModularityTest}).
 */
@NullMarked
package dev.instructzero;

import org.jspecify.annotations.NullMarked;
