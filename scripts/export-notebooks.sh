#!/usr/bin/env bash
# Regenerates notebooks-export/: builds the release binary, runs every experiment at quick scale with
# --notebook into a temporary directory, and copies the notebooks (DIR/<experiment>/<experiment>.ipynb)
# to notebooks-export/<experiment>.ipynb. The notebooks hold nothing that varies between runs, so the
# result is what `closedform reproduce all --scale quick --notebook` writes anywhere.
# Usage: bash scripts/export-notebooks.sh   (then review with git diff notebooks-export/)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "==> swift build -c release"
swift build -c release

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "==> .build/release/closedform reproduce all --out $work --scale quick --seed 0 --format ipynb"
.build/release/closedform reproduce all --out "$work" --scale quick --seed 0 --format ipynb

mkdir -p notebooks-export
rm -f notebooks-export/*.ipynb
for notebook in "$work"/*/*.ipynb; do
    cp "$notebook" notebooks-export/
    echo "==> notebooks-export/$(basename "$notebook")"
done
