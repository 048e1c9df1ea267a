#!/usr/bin/env bash
# `npm start`: installs what is missing, then runs Sluice's embedded default (broker + worker).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --npm-only
. scripts/node-bootstrap.sh
exec node runtime/cli/main.ts up "$@"
