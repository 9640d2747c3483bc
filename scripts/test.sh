#!/usr/bin/env bash
# Builds and runs the whole test suite from a fresh clone: installs the system packages it needs, then
# `swift build --build-tests` and `swift test`. Exits with the test run's status.
# Extra arguments go to `swift test`, e.g. `bash scripts/test.sh --filter CommandLineTests`.
# CLOSEDFORM_WITH_LATEX=1 (implied by CI=true) also installs pdflatex for the LaTeX compile test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/install-system-packages.sh

echo "==> swift build --build-tests"
swift build --build-tests

echo "==> swift test --skip-build${*:+ $*}"
swift test --skip-build "$@"
