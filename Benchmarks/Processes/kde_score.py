"""numpy peer of `closedform score --schedule ve --time 0` on a KDE model file (`fit --estimator kde`):
reads the model (means y_j, weights 1/N, noise h²) and the points, and writes ∇ log p(x) for
p = (1/N) Σ_j N(y_j, h²I), by blocks of points:  ∇ log p(x) = (Σ_j w_j y_j − x)/h²,
w_j = softmax_j(−‖x − y_j‖²/(2h²)).

  python3 kde_score.py MODEL.json POINTS.csv OUTPUT.csv
"""
import json
import sys

import numpy as np

model = json.load(open(sys.argv[1]))
centres = np.array([c["mean"] for c in model["components"]])
variance = model["components"][0]["noise"]
points = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2)
centre_norms = 0.5 * (centres * centres).sum(axis=1)
scores = np.empty_like(points)
for start in range(0, len(points), 256):
    x = points[start:start + 256]
    logits = (x @ centres.T - centre_norms - 0.5 * (x * x).sum(axis=1, keepdims=True)) / variance
    logits -= logits.max(axis=1, keepdims=True)
    weights = np.exp(logits)
    weights /= weights.sum(axis=1, keepdims=True)
    scores[start:start + 256] = (weights @ centres - x) / variance
np.savetxt(sys.argv[3], scores, delimiter=",", fmt="%.17g")
