#!/usr/bin/env bash
# bench.sh - run every benchmark in build/bench and `phonon bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
for b in build/bench/bench_*; do echo "== $(basename "$b")"; "$b"; done
