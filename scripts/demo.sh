#!/usr/bin/env bash
# demo.sh - what `make run` shows: the engine working on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
printf 'bd*2 [~ sn] <hh cp>\n' | build/phonon query --cycles 2
