/**
 * Bayesian optimisation without Spring: Gaussian process (Matérn-5/2, latent and
 * instruction-coupled kernels, priors), hyper-parameter fit, log expected improvement,
 * CMA-ES, Kriging-believer batches, Sobol design, native linear algebra (ND4J/OpenBLAS).
 * It depends on no other module and no Spring class, not even a Spring Modulith
 * annotation here: {@code BoArchitectureTest} keeps it so.
 */
@NullMarked
package dev.instructzero.bo;

import org.jspecify.annotations.NullMarked;
