/**
 * Cross-cutting HTTP: problem+json for every error ({@code ProblemHandler} maps the
 * modules' domain exceptions to statuses), authentication of clients and ownership,
 * idempotency keys, body limits, strict JSON. Owns the {@code idempotent_request} table.
 */
@ApplicationModule(allowedDependencies = { "database" })
@NullMarked
package dev.instructzero.web;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
