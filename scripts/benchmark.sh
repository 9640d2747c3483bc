#!/usr/bin/env bash
# Benchmarks ClosedForm's batch log-density and score against scikit-learn, in one run.
#
#   bash scripts/benchmark.sh [closedform-benchmarks options, e.g. --points 100000 --runs 7]
#
# 1. builds `closedform-benchmarks` in release mode (scratch path .build-bench);
# 2. runs it: dgemm GFLOP/s at 1 and all threads, then logDensity/score on a seeded 16-component,
#    n = 64 full-covariance mixture at 10^5 points; it writes the model (ModelFile JSON), the points and
#    its log-densities (raw little-endian float64) to $OUT (default out/benchmark);
# 3. reruns the evaluation with CLOSEDFORM_THREADS=1 and checks the outputs are byte-identical;
# 4. times scikit-learn's GaussianMixture.score_samples on the same model and points (best of >= 5),
#    checks it agrees with our log-densities, and prints the time ratio.
#
# Thread counts: OPENBLAS_NUM_THREADS and CLOSEDFORM_THREADS are unset for the timed runs, so both
# ClosedForm (ParallelBlocks, one worker per core, OpenBLAS pinned to 1 thread per worker) and numpy
# (OpenBLAS's own thread pool) use every core.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-out/benchmark}
unset OPENBLAS_NUM_THREADS CLOSEDFORM_THREADS OMP_NUM_THREADS

echo "== machine =="
lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|L2 cache|L3 cache):' || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== build (release, .build-bench) =="
swift build -c release --scratch-path .build-bench --product closedform-benchmarks 2>&1 | tail -1
BIN=.build-bench/release/closedform-benchmarks

echo
"$BIN" --out "$OUT" "$@"

echo
echo "== thread-count independence: CLOSEDFORM_THREADS=1 vs default =="
CLOSEDFORM_THREADS=1 "$BIN" --out "$OUT/one-thread" --skip-gemm --runs 1 "$@" > "$OUT/one-thread.log"
for file in logdensity.f64 score.f64; do
    if cmp -s "$OUT/$file" "$OUT/one-thread/$file"; then
        echo "$file: identical bytes"
    else
        echo "$file: DIFFERENT bytes between CLOSEDFORM_THREADS=1 and default" >&2
        exit 1
    fi
done

echo
echo "== scikit-learn =="
if ! python3 -c 'import sklearn, threadpoolctl' 2>/dev/null; then
    echo "installing scikit-learn with pip"
    python3 -m pip install --quiet scikit-learn
fi

python3 - "$OUT" <<'PY'
import json, sys, time
import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_info

out = sys.argv[1]
model = json.load(open(f"{out}/model.json"))
results = json.load(open(f"{out}/results.json"))
n = model["dimension"]
components = model["components"]
X = np.fromfile(f"{out}/points.f64", dtype="<f8").reshape(-1, n)
ours = np.fromfile(f"{out}/logdensity.f64", dtype="<f8")

weights = np.array([c["weight"] for c in components], dtype=float)
means = np.array([c["mean"] for c in components], dtype=float)
covariances = np.array([c["covariance"] for c in components], dtype=float)

gm = GaussianMixture(n_components=len(components), covariance_type="full")
gm.weights_ = weights / weights.sum()
gm.means_ = means
gm.covariances_ = covariances
gm.precisions_ = np.linalg.inv(covariances)
gm.precisions_cholesky_ = np.linalg.cholesky(gm.precisions_)
gm.n_features_in_ = n
gm.converged_ = True

blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)" for i in threadpool_info()]
print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; BLAS: {', '.join(blas)}")
print(f"K = {len(components)}, n = {n}, N = {X.shape[0]}")

gm.score_samples(X)  # warm-up
runs = max(5, len(results["logDensity"]["seconds"]["runs"]))
seconds = []
for _ in range(runs):
    start = time.perf_counter()
    theirs = gm.score_samples(X)
    seconds.append(time.perf_counter() - start)
best, median = min(seconds), float(np.median(seconds))

# numpy's own dgemm rate for context (its OpenBLAS build differs from the system one we link).
A = np.random.default_rng(0).standard_normal((2048, 2048))
B = np.random.default_rng(1).standard_normal((2048, 2048))
A @ B
gemm = min((lambda t: (A @ B, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))

ours_best = results["logDensity"]["seconds"]["best"]
ours_median = results["logDensity"]["seconds"]["median"]
difference = np.abs(theirs - ours)
print(f"numpy dgemm 2048^3: {2 * 2048**3 / gemm * 1e-9:.1f} GFLOP/s (best of 5)")
print(f"sklearn score_samples: best {best:.4f} s, median {median:.4f} s over {runs} runs "
      f"({X.shape[0] / best:.0f} points/s best)")
print(f"ClosedForm logDensity: best {ours_best:.4f} s, median {ours_median:.4f} s "
      f"({X.shape[0] / ours_best:.0f} points/s best)")
print(f"ratio sklearn/ClosedForm time: best {best / ours_best:.2f}x, median {median / ours_median:.2f}x "
      f"(> 1 means ClosedForm is faster)")
print(f"max |sklearn - ClosedForm| log-density: {difference.max():.3e} "
      f"(max relative {np.max(difference / np.abs(theirs)):.3e}; log-densities in [{theirs.min():.1f}, {theirs.max():.1f}])")
json.dump({"sklearnSeconds": {"best": best, "median": median, "runs": seconds},
           "ratioBest": best / ours_best, "ratioMedian": median / ours_median,
           "maxAbsDifference": float(difference.max()), "numpyDgemmGFLOPS": 2 * 2048**3 / gemm * 1e-9},
          open(f"{out}/sklearn.json", "w"), indent=1)
if not difference.max() < 1e-8 * max(1.0, np.abs(theirs).max()):
    sys.exit("log-densities disagree")
PY
