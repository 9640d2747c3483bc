#!/usr/bin/env bash
# Whole-process comparisons of `closedform` with numpy / scikit-learn peers, run side by side (each
# round runs every command once, in turn), best and median wall seconds over R rounds:
#
#   bash Benchmarks/Processes/compare.sh [CLOSEDFORM ...]      (default: .build/release/closedform)
#
#   kde score   `closedform score` on a 10 000-centre n = 16 KDE model file (`fit --estimator kde
#               --bandwidth 0.5`) at 5 000 points  vs  kde_score.py (numpy, the same score, blocked)
#   logpdf      `closedform logpdf` on 20 000 × 64 points (25 MB CSV) with 16 full components
#               vs  sklearn_logpdf.py (numpy.loadtxt + scikit-learn score_samples)
#
# On a shared machine the CPU seconds are the steadier figure. Both sides read the same files and write their output as CSV; the outputs are compared (max relative
# difference). Several CLOSEDFORM binaries (e.g. before and after a change) are timed in the same rounds.
# Environment: OUT (default out/processes), RUNS (default 7), PYTHON (default python3). Thread counts are
# left to each program (all cores).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT=${OUT:-out/processes}
RUNS=${RUNS:-7}
PYTHON=${PYTHON:-python3}
BINARIES=("$@")
[ ${#BINARIES[@]} -gt 0 ] || BINARIES=(.build/release/closedform)
unset OPENBLAS_NUM_THREADS CLOSEDFORM_THREADS OMP_NUM_THREADS MKL_NUM_THREADS
mkdir -p "$OUT"
[ -f "$OUT/points64.csv" ] || "$PYTHON" Benchmarks/Processes/make_inputs.py "$OUT"
"${BINARIES[0]}" fit --estimator kde --bandwidth 0.5 --samples "$OUT/kde-samples.csv" --output "$OUT/kde.json"
lscpu | grep -E '^(Model name|CPU\(s\)):' || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A TIMES CPU
# Wall seconds, then CPU seconds (user + system, all threads) of one process.
seconds() { /usr/bin/time -f "%e %U %S" -o "$OUT/.time" "$@" > /dev/null; awk '{print $1, $2 + $3}' "$OUT/.time"; }
record() { set -- "$1" $2; TIMES[$1]="${TIMES[$1]:-} $2"; CPU[$1]="${CPU[$1]:-} $3"; }
for round in $(seq "$RUNS"); do
    for index in "${!BINARIES[@]}"; do
        binary=${BINARIES[$index]}
        record "kde score: closedform[$index]" "$(seconds "$binary" score --model "$OUT/kde.json" --schedule ve --time 0 \
            --points "$OUT/kde-points.csv" --output "$OUT/kde-score-$index.csv")"
        record "logpdf: closedform[$index]" "$(seconds "$binary" logpdf --model "$OUT/full16.json" --schedule ve --time 0 \
            --points "$OUT/points64.csv" --output "$OUT/logpdf-$index.csv")"
    done
    record "kde score: numpy" "$(seconds "$PYTHON" Benchmarks/Processes/kde_score.py "$OUT/kde.json" "$OUT/kde-points.csv" "$OUT/kde-score-numpy.csv")"
    record "logpdf: numpy+sklearn" "$(seconds "$PYTHON" Benchmarks/Processes/sklearn_logpdf.py "$OUT/full16.json" "$OUT/points64.csv" "$OUT/logpdf-sklearn.csv")"
done
for index in "${!BINARIES[@]}"; do echo "closedform[$index] = ${BINARIES[$index]}"; done
echo "seconds over $RUNS rounds (best and median; wall, then CPU of all threads):"
summary() { echo "$1" | tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {printf "best %.3f median %.3f", a[1], a[int((NR+1)/2)]}'; }
printf '%s\n' "${!TIMES[@]}" | sort | while IFS= read -r key; do
    printf "  %-26s wall %s   cpu %s\n" "$key" "$(summary "${TIMES[$key]}")" "$(summary "${CPU[$key]}")"
done
"$PYTHON" - "$OUT" "${#BINARIES[@]}" <<'PY'
import sys, numpy as np
out, count = sys.argv[1], int(sys.argv[2])
def rel(a, b): return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))
for i in range(count):
    print(f"closedform[{i}] vs numpy: kde score max relative difference "
          f"{rel(np.loadtxt(f'{out}/kde-score-{i}.csv', delimiter=','), np.loadtxt(f'{out}/kde-score-numpy.csv', delimiter=',')):.1e}; "
          f"logpdf {rel(np.loadtxt(f'{out}/logpdf-{i}.csv'), np.loadtxt(f'{out}/logpdf-sklearn.csv')):.1e}")
PY
