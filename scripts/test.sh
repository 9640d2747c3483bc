#!/usr/bin/env bash
# Builds and runs the whole test suite from a fresh clone: installs the system packages it needs, then
# `swift build --build-tests` and `swift test`. Exits with the test run's status.
# Extra arguments go to `swift test`, e.g. `bash scripts/test.sh --filter CommandLineTests`.
# CLOSEDFORM_WITH_LATEX=1 (implied by CI=true) also installs pdflatex for the LaTeX compile test. Python's
# numpy, pandas, nbclient and ipykernel come from python3 or a virtual environment in .build/python
# (closedform_install_python_packages), for the CSV round-trip and notebook tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/install-system-packages.sh
closedform_install_python_packages

# The test process runs OpenBLAS's reference kernels, as the tool does by itself (BLASKernelSelection,
# README "Running large sweeps"): the fixed-seed tests then compute the same bits on every x86-64 machine
# with AVX2 and FMA. Same rule as BLASKernels.processorRunsReference, which cannot run here: OpenBLAS reads
# OPENBLAS_CORETYPE when the test process loads it. A caller's own OPENBLAS_CORETYPE is kept.
if [[ -z "${OPENBLAS_CORETYPE:-}" && "$(uname -m)" == x86_64 ]] && grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=Haswell
    echo "==> OPENBLAS_CORETYPE=Haswell (the tool's reference kernels)"
fi

echo "==> swift build --build-tests"
swift build --build-tests

echo "==> swift test --skip-build${*:+ $*}"
swift test --skip-build "$@"
