/**
 * The database: embedded PostgreSQL (the zero-setup default), riding out outages
 * ({@code DatabaseFaults}) and text PostgreSQL can store ({@code StorableText}).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.instructzero.database;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
