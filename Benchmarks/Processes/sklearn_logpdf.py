"""scikit-learn peer of `closedform logpdf --schedule ve --time 0`: loads the points with numpy.loadtxt,
builds a sklearn GaussianMixture with the model file's weights, means and full covariances (its
precisions_cholesky_ from scipy's Cholesky, as sklearn's own fit does), and writes score_samples.

  python3 sklearn_logpdf.py MODEL.json POINTS.csv OUTPUT.csv
"""
import json
import sys

import numpy as np
from scipy.linalg import cholesky, solve_triangular
from sklearn.mixture import GaussianMixture

model = json.load(open(sys.argv[1]))
points = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2)
weights = np.array([c["weight"] for c in model["components"]])
means = np.array([c["mean"] for c in model["components"]])
covariances = np.array([c["covariance"] for c in model["components"]])
mixture = GaussianMixture(n_components=len(weights), covariance_type="full")
mixture.weights_ = weights / weights.sum()
mixture.means_ = means
mixture.covariances_ = covariances
mixture.precisions_cholesky_ = np.array([
    solve_triangular(cholesky(c, lower=True), np.eye(len(c)), lower=True).T for c in covariances])
np.savetxt(sys.argv[3], mixture.score_samples(points), fmt="%.17g")
