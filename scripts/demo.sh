#!/usr/bin/env bash
# demo.sh - what `make run` shows: the engine on a fresh machine, with the
# built-in kit. Renders examples/demo.ph to demo.wav and prints its length,
# peak and RMS (phonon render's summary line).
set -euo pipefail
cd "$(dirname "$0")/.."
build/phonon render examples/demo.ph demo.wav --cycles 8
echo "wrote demo.wav (play it with any audio player, or: build/phonon live examples/demo.ph)"
