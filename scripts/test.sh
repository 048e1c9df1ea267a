#!/usr/bin/env bash
# `npm test`: installs what the tests need, runs the whole suite against real
# processes, and ends with a plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh || exit 1
. scripts/node-bootstrap.sh
results=$(mktemp -t sluice-vitest-XXXXXX.json)
npx vitest run --reporter=default --reporter=json --outputFile="$results" "$@"
status=$?
node scripts/test-summary.ts "$results" || status=1
rm -f "$results"
exit $status
