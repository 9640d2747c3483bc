#!/usr/bin/env bash
# Builds closedform in release mode (two to three minutes on two cores) and runs the test that compiles
# every .tex of `closedform reproduce all --scale quick --report`, and report.tex, with pdflatex in a
# 10 pt article (no error, no Overfull \hbox over 1 pt) and renders every SVG with rsvg-convert
# (WholeReproductionTests; about two minutes more). Needs the test build of scripts/test.sh.
# Run by .ci/run after scripts/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/install-system-packages.sh
source scripts/install-system-packages.sh
if [[ -z "${OPENBLAS_CORETYPE:-}" && "$(uname -m)" == x86_64 ]] && grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=Haswell
fi
echo "==> swift build -c release --product closedform"
swift build -c release --product closedform
CLOSEDFORM_BINARY="$(swift build -c release --show-bin-path)/closedform"
export CLOSEDFORM_BINARY CLOSEDFORM_REPRODUCE_LATEX=1
echo "==> swift test --skip-build --filter WholeReproductionTests"
swift test --skip-build --filter WholeReproductionTests
