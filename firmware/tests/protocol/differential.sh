#!/usr/bin/env sh
# TS vs C: random streams decoded by src/protocol (differential.ts) must decode to the same
# lines in the C codec. Exit 77 (ctest: skipped) without node or the repo's tsx.
# usage: differential.sh <repo root> <test_protocol exe> <out.json> [count] [seed]
set -eu
root=$1 exe=$2 out=$3 count=${4:-3000} seed=${5:-}
if ! command -v node >/dev/null || [ ! -d "$root/node_modules/tsx" ]; then
  echo "skipped: node with the repo's tsx (npm ci) not found"
  exit 77
fi
(cd "$root" && node --import tsx firmware/tests/protocol/differential.ts "$out" "$count" $seed)
exec "$exe" "$root" differential "$out"
