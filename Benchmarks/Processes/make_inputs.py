"""Writes the inputs of the whole-process comparisons (compare.sh) into a directory.

  python3 make_inputs.py DIR

DIR/kde-samples.csv    10 000 × 16 standard normal samples (the KDE's centres, `fit --estimator kde` input)
DIR/kde-points.csv      5 000 × 16 query points
DIR/full16.json        16 full-covariance components in n = 64 (random means, Wishart-like covariances)
DIR/points64.csv       20 000 × 64 query points (about 25 MB)

All from numpy's default_rng(2024), numbers written with repr (shortest round trip).
"""
import json
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(2024)


def write_csv(path, matrix):
    with open(path, "w") as handle:
        handle.write("\n".join(",".join(repr(float(v)) for v in row) for row in matrix) + "\n")


write_csv(f"{out}/kde-samples.csv", rng.standard_normal((10_000, 16)))
write_csv(f"{out}/kde-points.csv", 1.2 * rng.standard_normal((5_000, 16)))
components = []
for k in range(16):
    factor = rng.standard_normal((64, 64)) / 8
    covariance = factor @ factor.T + 0.5 * np.eye(64)
    covariance = (covariance + covariance.T) / 2
    components.append({"weight": float(rng.uniform(0.5, 1.5)), "mean": list(map(float, rng.standard_normal(64))),
                       "covariance": [list(map(float, row)) for row in covariance]})
with open(f"{out}/full16.json", "w") as handle:
    json.dump({"dimension": 64, "components": components}, handle)
write_csv(f"{out}/points64.csv", 2 * rng.standard_normal((20_000, 64)))
