#!/usr/bin/env bash
# Builds the DocC documentation of the ClosedForm library (Sources/ClosedForm/ClosedForm.docc) with
# swiftlang/swift-docc-plugin and fails on any warning (an unresolved link, a malformed article).
# The archive goes to .build/plugins/Swift-DocC/outputs/ClosedForm.doccarchive. About 40 s on two cores
# the first time (the plugin builds its helper tools), under 10 s after that.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "==> swift package generate-documentation --target ClosedForm"
status=0
swift package generate-documentation --target ClosedForm --warnings-as-errors >"$log" 2>&1 || status=$?
grep -v '^\[[0-9]*/[0-9]*\]' "$log" || true
if [[ $status -ne 0 ]]; then
    echo "error: documentation build failed (status $status)" >&2
    exit "$status"
fi
if grep -qi 'warning:' "$log"; then
    echo "error: the documentation build printed warnings (above); fix them" >&2
    exit 1
fi
