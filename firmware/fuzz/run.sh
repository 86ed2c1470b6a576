#!/usr/bin/env bash
# Builds firmware/fuzz/fuzz_decoder.c with clang + libFuzzer and runs it, seeded with the shared
# protocol vectors. Exit 77 (ctest: skipped) when clang with libFuzzer is not available.
#
# usage: run.sh <work dir> <test_protocol exe (writes the seeds)> <repo root> [libFuzzer args]
#   e.g. run.sh build/fuzz build/ctest/protocol/test_protocol_default . -max_total_time=600
# FUZZ_CC overrides the compiler; FUZZ_JOBS runs that many workers (-fork).
set -euo pipefail

work=$1 seeder=$2 root=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
proto="$here/../protocol"

cc=${FUZZ_CC:-}
if [ -z "$cc" ]; then
  for c in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
    if command -v "$c" >/dev/null; then cc=$c; break; fi
  done
fi
mkdir -p "$work"
# Probe with a trivial target, so that a broken harness fails instead of being skipped.
probe_src="$work/probe.c"
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' >"$probe_src"
if [ -z "$cc" ] || ! "$cc" -fsanitize=fuzzer,address,undefined "$probe_src" -o "$work/probe" 2>/dev/null; then
  echo "skipped: clang with libFuzzer not found"
  exit 77
fi

"$cc" -std=c11 -g -O1 -Wall -Wextra -Werror \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
  -I"$proto/include" -I"$here/../agent/src" "$here/fuzz_decoder.c" "$proto"/src/*.c \
  "$here/../agent/src/cond.c" -lm -o "$work/fuzz_decoder"

mkdir -p "$work/seeds" "$work/corpus"
"$seeder" "$root" --write-corpus "$work/seeds"

args=(-max_len=4096 -print_final_stats=1 "$@")
if [ -n "${FUZZ_JOBS:-}" ]; then args+=(-fork="$FUZZ_JOBS"); fi
# New inputs go to corpus/ (kept between runs); crashes to the work dir.
exec "$work/fuzz_decoder" -artifact_prefix="$work/" "${args[@]}" "$work/corpus" "$work/seeds"
