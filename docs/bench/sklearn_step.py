#!/usr/bin/env python3
"""scikit-learn's side of the step-time and noisy-fit comparisons in docs/benchmarks.md.

Called by StepVsScikitLearnBenchmark (./mvnw -Pbench test -Dtest=StepVsScikitLearnBenchmark),
once per timed run so the engine's and scikit-learn's runs interleave, or by hand:

    python3 docs/bench/sklearn_step.py step docs/bench/step-data-150.csv 100
        -> fits ConstantKernel * Matern(ARD, nu=2.5) + WhiteKernel with 3 optimizer starts
           (n_restarts_optimizer=2, normalize_y=True) to (z, score), then predict(return_std=True)
           on 12,500 uniform candidates in [-1, 1]^d (about one step's CMA-ES budget);
           prints the wall time of fit + predict in seconds.
    python3 docs/bench/sklearn_step.py noisy docs/bench/noisy-fit-data.csv 1
        -> the same fit on (z, y); prints the fitted lengthscales and noise variance on the
           standardised scale.

Input CSV: one row per observation, the d coordinates of z then the score (extra columns,
e.g. per-example scores, follow when the first line says so: "d=<d>").

This script installs nothing. It needs python3 with numpy and scikit-learn; on Debian:
    apt-get install python3-sklearn
(measured with Debian's scikit-learn 1.2.1). It is a measuring tool only, never a
dependency of the service.
"""
import sys
import time

try:
    import numpy as np
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.stderr.write("scikit-learn is not installed (%s); on Debian: apt-get install python3-sklearn\n" % error)
    sys.exit(3)

CANDIDATES = 12_500


def read(path):
    with open(path) as handle:
        first = handle.readline().strip()
        if first.startswith("d="):
            d = int(first[2:])
            rows = np.loadtxt(handle, delimiter=",", ndmin=2)
        else:
            rows = np.loadtxt(path, delimiter=",", ndmin=2)
            d = rows.shape[1] - 1
    return rows[:, :d], rows[:, d]


def model(d, seed):
    kernel = ConstantKernel(1.0) * Matern(length_scale=np.ones(d), nu=2.5) + WhiteKernel(noise_level=1e-2)
    return GaussianProcessRegressor(kernel=kernel, n_restarts_optimizer=2, normalize_y=True, random_state=seed)


def main():
    mode, path, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    z, y = read(path)
    d = z.shape[1]
    if mode == "step":
        candidates = np.random.default_rng(seed).uniform(-1, 1, size=(CANDIDATES, d))
        start = time.perf_counter()
        gp = model(d, seed).fit(z, y)
        gp.predict(candidates, return_std=True)
        print("%.6f" % (time.perf_counter() - start))
    elif mode == "noisy":
        gp = model(d, seed).fit(z, y)
        matern = gp.kernel_.k1.k2
        noise = gp.kernel_.k2.noise_level
        print("lengthscales", " ".join("%.3f" % v for v in np.atleast_1d(matern.length_scale)))
        print("noise_variance %.4f outputscale %.4f" % (noise, gp.kernel_.k1.k1.constant_value))
    else:
        sys.stderr.write("mode must be step or noisy\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
