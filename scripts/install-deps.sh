#!/usr/bin/env bash
# Installs what Sluice and its tests need on this machine: the Debian packages the
# interop tests and benchmarks drive (real third-party Kafka clients, NATS, Redis) and
# the npm dependencies. Idempotent; only does work that is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node-bootstrap.sh

want_system=(kcat python3-kafka python3-confluent-kafka python3-snappy python3-lz4 python3-zstandard nats-server redis-server)
missing=()
for pkg in "${want_system[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ] && [ "${1:-}" != "--npm-only" ]; then
  echo "install-deps: installing Debian packages: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

stamp=node_modules/.sluice-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "install-deps: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
