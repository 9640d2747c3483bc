#!/usr/bin/env bash
# Reproduces the project's results from a fresh clone: installs the system packages it needs, builds
# the release binary, and runs it into out/ (or the directory given as the first argument).
# Usage: bash scripts/reproduce.sh [OUT]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-out}"

source scripts/install-system-packages.sh

echo "==> swift build -c release"
swift build -c release

# Every paper experiment at quick scale (minutes on 2 cores); `--scale paper` uses the papers' sizes.
echo "==> .build/release/closedform reproduce all --out $out --scale quick"
.build/release/closedform reproduce all --out "$out" --scale quick

echo "==> done: results in $out/ (start with $out/index.md)"
