#!/usr/bin/env bash
# Rewrites the outputs that README.md's examples (and the DocC articles', Sources/*/*.docc/**/*.md) show
# with what the commands print now, after an intended change of outputs; then shows what changed, for
# review. The examples run exactly as the tests run them (Tests/ExampleRunner): each console block in a
# fresh temporary copy of examples/, with `closedform` on the PATH. Outputs that still match are left as
# written (`…` included). The tests never rewrite a document; this script is the only way.
# The examples run on the release build of `closedform` (the slow ones take over half an hour in a debug
# build, minutes in a release one); it prints the same bits as the debug build the tests use. Set
# CLOSEDFORM_BINARY to run another build.
#
#   bash scripts/refresh-examples.sh          # every example, the slow ones and the Swift-package one included
#   bash scripts/refresh-examples.sh --fast   # leaves the slow examples and the Swift-package example alone
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -z "${CLOSEDFORM_BINARY:-}" ]]; then
    echo "==> swift build -c release --product closedform"
    swift build -c release --product closedform
    export CLOSEDFORM_BINARY="$(swift build -c release --show-bin-path)/closedform"
fi
echo "==> swift build --product closedform-refresh-examples"
swift build --product closedform-refresh-examples
"$(swift build --show-bin-path)/closedform-refresh-examples" "$@"

echo "==> git diff --stat (review every change: a difference beyond rounding may be a bug)"
git diff --stat -- README.md 'Sources/*.md'
