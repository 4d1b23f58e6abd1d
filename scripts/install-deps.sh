#!/usr/bin/env bash
# install-deps.sh - install the Debian packages Phonon needs to build, test and play.
# Installs only what is missing, so a second run is quick and needs no network.
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang libclang-rt-14-dev python3
  libsndfile1-dev portaudio19-dev libasound2-dev libjack-jackd2-dev jackd2
  liblo-dev libcmocka-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
