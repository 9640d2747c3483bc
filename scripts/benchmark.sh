#!/usr/bin/env bash
# Benchmarks ClosedForm's batch log-density and score, and compares the log-density with scikit-learn,
# in one run (about a minute on 2 cores).
#
#   bash scripts/benchmark.sh [closedform-benchmarks options, e.g. --points 100000 --runs 7]
#
# 1. builds `closedform-benchmarks` in release mode (the Benchmarks package, Benchmarks/.build);
# 2. runs it: dgemm GFLOP/s at 1 and all threads, then logDensity/score on a seeded 16-component,
#    n = 64 full-covariance mixture at 10^5 points (best and median of R runs, default 7); it writes the
#    model (ModelFile JSON), the points, log-densities and scores (raw little-endian float64) and
#    results.json to $OUT (default out/benchmark);
# 3. reruns the evaluation with CLOSEDFORM_THREADS=1 and checks the model, points and outputs are
#    byte-identical (the single-core timings of that run are reported too);
# 4. installs scikit-learn with pip if it is missing, builds a GaussianMixture with the same weights,
#    means, covariances (float64) and sklearn's own precisions_cholesky_, times score_samples on the same
#    points (best of the same R runs, after one warm-up), checks max |difference| of the log-densities,
#    and prints the speed ratio. A single-core comparison (threadpoolctl limit 1 vs CLOSEDFORM_THREADS=1)
#    follows for context.
#
# Thread counts: OPENBLAS_NUM_THREADS, OMP_NUM_THREADS and CLOSEDFORM_THREADS are unset for the timed
# runs, so both ClosedForm (ParallelBlocks: one worker per core, OpenBLAS pinned to 1 thread per worker)
# and numpy/scikit-learn (OpenBLAS's own thread pool inside each matrix product) may use every core.
# The "cpu s" figures (CPU seconds of all threads during the best run) show how many they actually used.
# Python: $PYTHON (default python3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OUT=${OUT:-out/benchmark}
PYTHON=${PYTHON:-python3}
unset OPENBLAS_NUM_THREADS CLOSEDFORM_THREADS OMP_NUM_THREADS MKL_NUM_THREADS

echo "== machine =="
lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|L2 cache|L3 cache):' || true
# CPU busy over two seconds, from /proc/stat: anything else running skews every figure below.
busy_percent() {
    local a b
    read -r -a a < /proc/stat; sleep 2; read -r -a b < /proc/stat
    local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
    for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
    echo $(( total > 0 ? 100 * (total - idle) / total : 0 ))
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); CPU busy over the last 2 s: $(busy_percent)% (should be near 0)"

echo
echo "== build (release, Benchmarks/.build) =="
build_log=$(mktemp)
if ! swift build -c release --package-path Benchmarks --product closedform-benchmarks > "$build_log" 2>&1; then
    grep -E 'error:' "$build_log" | head -20 >&2 || tail -20 "$build_log" >&2
    echo "error: the release build failed (full log: $build_log)" >&2
    exit 1
fi
tail -1 "$build_log"
rm -f "$build_log"
BIN=Benchmarks/.build/release/closedform-benchmarks

echo
"$BIN" --out "$OUT" "$@"

echo
echo "== thread-count independence: CLOSEDFORM_THREADS=1 vs default =="
rm -rf "$OUT/one-thread"
CLOSEDFORM_THREADS=1 "$BIN" --out "$OUT/one-thread" --skip-gemm "$@" > "$OUT/one-thread.log"
for file in model.json points.f64 logdensity.f64 score.f64; do
    if cmp -s "$OUT/$file" "$OUT/one-thread/$file"; then
        echo "$file: identical bytes"
    else
        echo "$file: DIFFERENT bytes between CLOSEDFORM_THREADS=1 and default" >&2
        exit 1
    fi
done
echo "(single-worker run, for the single-core comparison below:)"
grep -E '^(logDensity|score) ' "$OUT/one-thread.log" | sed 's/^/  /'

echo
echo "== scikit-learn =="
if ! "$PYTHON" -c 'import sklearn, threadpoolctl, scipy, numpy' 2>/dev/null; then
    echo "scikit-learn not found: installing it with pip"
    # --user first; inside a virtualenv --user is refused, so then plain pip; on a Debian/Ubuntu system
    # Python (PEP 668, "externally-managed-environment") only --break-system-packages with --user works.
    "$PYTHON" -m pip install --quiet --user scikit-learn \
        || "$PYTHON" -m pip install --quiet scikit-learn \
        || "$PYTHON" -m pip install --quiet --user --break-system-packages scikit-learn
    "$PYTHON" -c 'import sklearn, threadpoolctl, scipy, numpy' \
        || { echo "error: scikit-learn still cannot be imported by $PYTHON" >&2; exit 1; }
fi

"$PYTHON" - "$OUT" <<'PY'
import json, os, sys, time
import numpy as np
import scipy.linalg
import sklearn
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_info, threadpool_limits

out = sys.argv[1]
model = json.load(open(f"{out}/model.json"))
results = json.load(open(f"{out}/results.json"))
one_thread = json.load(open(f"{out}/one-thread/results.json"))
n = model["dimension"]
components = model["components"]
X = np.ascontiguousarray(np.fromfile(f"{out}/points.f64", dtype="<f8").reshape(-1, n), dtype=np.float64)
ours = np.fromfile(f"{out}/logdensity.f64", dtype="<f8")
N = X.shape[0]

# The same model. ModelFile writes weights normalised; normalise again against rounding.
weights = np.array([c["weight"] for c in components], dtype=np.float64)
means = np.array([c["mean"] for c in components], dtype=np.float64)
covariances = np.array([c["covariance"] for c in components], dtype=np.float64)
gm = GaussianMixture(n_components=len(components), covariance_type="full")
gm.weights_ = weights / weights.sum()
gm.means_ = means
gm.covariances_ = covariances
# precisions_cholesky_ exactly as sklearn computes it after fit (_compute_precision_cholesky, "full"):
# Σ = L·Lᵀ (lower), precisions_cholesky_ = L⁻ᵀ, upper triangular, so Σ⁻¹ = P·Pᵀ.
prec_chol = np.empty_like(covariances)
for k, cov in enumerate(covariances):
    L = scipy.linalg.cholesky(cov, lower=True)
    prec_chol[k] = scipy.linalg.solve_triangular(L, np.eye(n), lower=True).T
gm.precisions_cholesky_ = prec_chol
gm.precisions_ = np.einsum("kij,klj->kil", prec_chol, prec_chol)
gm.n_features_in_ = n
gm.converged_ = True
gm.n_iter_ = 0
gm.lower_bound_ = -np.inf

blas = sorted({f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)" for i in threadpool_info()})
print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; thread pools: {', '.join(blas)}")
print(f"K = {len(components)}, n = {n}, N = {N}, points {X.dtype} {X.shape}, C-contiguous {X.flags['C_CONTIGUOUS']}")

runs = len(results["logDensity"]["seconds"]["runs"])

def machine_busy_seconds():
    """CPU seconds all processes have spent busy (Linux /proc/stat), or None elsewhere."""
    try:
        fields = [int(v) for v in open("/proc/stat").readline().split()[1:9]]
        return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return None

def time_score_samples():
    """Best, median, CPU seconds of the best run, all times, and the cores other processes used meanwhile."""
    gm.score_samples(X)  # warm-up, as on the Swift side
    wall, cpu, values = [], [], None
    busy0, self0, start = machine_busy_seconds(), time.process_time(), time.perf_counter()
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        values = gm.score_samples(X)
        t1, c1 = time.perf_counter(), time.process_time()
        wall.append(t1 - t0)
        cpu.append(c1 - c0)
    busy1, self1, end = machine_busy_seconds(), time.process_time(), time.perf_counter()
    others = None if busy0 is None else max(0.0, (busy1 - busy0) - (self1 - self0)) / (end - start)
    best = int(np.argmin(wall))
    return values, wall[best], float(np.median(wall)), cpu[best], wall, others

theirs, best, median, cpu_best, seconds, others = time_score_samples()
with threadpool_limits(limits=1):
    _, best1, median1, cpu_best1, seconds1, others1 = time_score_samples()

# numpy's own dgemm rate, for context (its OpenBLAS build is not the system one ClosedForm links).
A = np.random.default_rng(0).standard_normal((2048, 2048))
B = np.random.default_rng(1).standard_normal((2048, 2048))
A @ B
gemm_times = []
for _ in range(5):
    t0 = time.perf_counter()
    A @ B
    gemm_times.append(time.perf_counter() - t0)
numpy_gflops = 2 * 2048**3 / min(gemm_times) * 1e-9

ours_best = results["logDensity"]["seconds"]["best"]
ours_median = results["logDensity"]["seconds"]["median"]
ours_cpu = results["logDensity"]["seconds"]["cpuSeconds"][int(np.argmin(results["logDensity"]["seconds"]["runs"]))]
ours1_best = one_thread["logDensity"]["seconds"]["best"]
difference = np.abs(theirs - ours)
ratio, ratio_median, ratio1 = best / ours_best, median / ours_median, best1 / ours1_best

def verdict(r):
    return f"ClosedForm is {r:.2f}x as fast" if r >= 1 else f"ClosedForm is SLOWER: {1 / r:.2f}x the time of scikit-learn"

print(f"numpy dgemm 2048^3 (default threads): {numpy_gflops:.1f} GFLOP/s (best of 5)")
print(f"log-density, all cores, best and median of {runs} runs after one warm-up each:")
print(f"  sklearn score_samples: best {best:.4f} s, median {median:.4f} s, cpu {cpu_best:.3f} s -> {N / best:,.0f} points/s")
print(f"  ClosedForm logDensity: best {ours_best:.4f} s, median {ours_median:.4f} s, cpu {ours_cpu:.3f} s -> {N / ours_best:,.0f} points/s")
print(f"  speed ratio ClosedForm/sklearn: {ratio:.2f} on best times, {ratio_median:.2f} on medians; {verdict(ratio)}")
print(f"log-density, one core (threadpool_limits(1) vs CLOSEDFORM_THREADS=1), best of {runs}:")
print(f"  sklearn {best1:.4f} s ({N / best1:,.0f} points/s), ClosedForm {ours1_best:.4f} s ({N / ours1_best:,.0f} points/s);"
      f" ratio {ratio1:.2f}: {verdict(ratio1)}")
if results.get("coresUsed", 2) < 0.85 * results["workers"]:
    print(f"WARNING: ClosedForm's best runs used {results['coresUsed']:.2f} of {results['workers']} cores: the machine was busy; rerun when idle")
if others is not None:
    print(f"other processes used {others:.2f} cores during the sklearn runs, {others1:.2f} during the one-core runs")
    if max(others, others1) > 0.15:
        print("WARNING: other processes were using the CPU during the scikit-learn runs: its times are inflated; rerun when idle")
print(f"max |sklearn - ClosedForm| log-density: {difference.max():.3e} "
      f"(max relative {np.max(difference / np.abs(theirs)):.3e}; log-densities in [{theirs.min():.1f}, {theirs.max():.1f}])")
json.dump({"runs": runs,
           "sklearnSeconds": {"best": best, "median": median, "cpuOfBest": cpu_best, "runs": seconds},
           "sklearnOneThreadSeconds": {"best": best1, "median": median1, "cpuOfBest": cpu_best1, "runs": seconds1},
           "sklearnPointsPerSecond": N / best, "otherProcessesCores": [others, others1],
           "ratioBest": ratio, "ratioMedian": ratio_median, "ratioOneThreadBest": ratio1,
           "maxAbsDifference": float(difference.max()), "numpyDgemmGFLOPS": numpy_gflops,
           "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__}},
          open(f"{out}/sklearn.json", "w"), indent=1)
# Agreement to ~1e-12 relative is expected (both are exact up to rounding; the quadratic forms are ~100).
if not difference.max() < 1e-9 * max(1.0, np.abs(theirs).max()):
    sys.exit("error: log-densities of scikit-learn and ClosedForm disagree")
PY

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: $OUT/results.json (ClosedForm), $OUT/sklearn.json (scikit-learn)"
