/**
 * Studies: a grid of job settings × seeds run as ordinary jobs through the job engine,
 * and their report (per-arm means with 95% intervals, convergence curves, paired Wilcoxon
 * signed-rank comparisons with a baseline arm).
 */
package dev.instructzero.study;
