#!/usr/bin/env bash
# Rewrites the outputs that README.md's examples (and the DocC articles', Sources/*/*.docc/**/*.md) show
# with what the commands print now, after an intended change of outputs; then shows what changed, for
# review. The examples run exactly as the tests run them (Tests/ExampleRunner): each console block in a
# fresh temporary copy of examples/, with the debug `closedform` on the PATH. Outputs that still match are
# left as written (`…` included). The tests never rewrite a document; this script is the only way.
#
#   bash scripts/refresh-examples.sh          # every example, the slow ones and the Swift-package one included
#   bash scripts/refresh-examples.sh --fast   # leaves the slow examples and the Swift-package example alone
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The kernels the tool and the tests use (scripts/test.sh): the Swift-package example links the library,
# which keeps whatever kernels OpenBLAS picks unless told.
if [[ -z "${OPENBLAS_CORETYPE:-}" && "$(uname -m)" == x86_64 ]] && grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=Haswell
fi

echo "==> swift build --product closedform-refresh-examples (and closedform)"
swift build --product closedform
swift build --product closedform-refresh-examples
"$(swift build --show-bin-path)/closedform-refresh-examples" "$@"

echo "==> git diff --stat (review every change: a difference beyond rounding may be a bug)"
git diff --stat -- README.md 'Sources/*.md'
