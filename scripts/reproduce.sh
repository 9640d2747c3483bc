#!/usr/bin/env bash
# Reproduces the project's results from a fresh clone: installs the system packages it needs, builds
# the release binary, and runs it into out/ (or the directory given as the first argument).
# Usage: bash scripts/reproduce.sh [OUT]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-out}"

source scripts/install-system-packages.sh

# Same command and seed, same bytes: JSON tables record SOURCE_DATE_EPOCH as their time when it is set
# (the reproducible-builds convention); default it to the last commit's time in a git checkout.
if [ -z "${SOURCE_DATE_EPOCH:-}" ] && git rev-parse --git-dir >/dev/null 2>&1; then
    SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"
    export SOURCE_DATE_EPOCH
    echo "==> SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH (last commit)"
fi

echo "==> swift build -c release"
swift build -c release

# Every paper experiment at quick scale (minutes on 2 cores), with a notebook each; `--scale paper` uses
# the papers' sizes.
echo "==> .build/release/closedform reproduce all --out $out --scale quick --notebook"
.build/release/closedform reproduce all --out "$out" --scale quick --notebook

echo "==> done: results in $out/ (start with $out/index.md)"
