#!/usr/bin/env bash
# live_soak.sh - the live-mode soak: `phonon live` on the paced null device
# with ~5,000 simultaneous sample voices and 256-frame blocks for 10 minutes
# (or SECONDS), reloading the file every RELOAD_EVERY seconds (alternating
# two versions, so every reload really swaps programs), and reports xruns
# (target 0), the worst callback, block-time percentiles, voices and the
# reload latencies. Not part of `make test` (it takes minutes).
#
#   bash bench/live_soak.sh [SECONDS] [BLOCK]        (defaults: 600 256)
#   PHONON=build/phonon THREADS=2 RELOAD_EVERY=20 bash bench/live_soak.sh 120
#   RELOAD_EVERY=0 bash bench/live_soak.sh 300      (the same without reloads, for comparison)
set -u
SECS=${1:-600}
BLOCK=${2:-256}
PHONON=$(realpath "${PHONON:-build/phonon}")
RELOAD_EVERY=${RELOAD_EVERY:-20}
THREADS=${THREADS:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PHONON_SAMPLES="" HOME="$tmp"
cd "$tmp"

# The kit's bd lasts 0.45 s: 11,000 onsets per second keep ~4,950 voices sounding.
version() {
  cat <<EOF
-- soak, version $1
tempo: 1
~k: s "bd*11000" # gain $2
~t: sine $3 * 0.05 # lpf 1200 0.7
out: ~k + ~t # delay 0.25 0.3 0.2
EOF
}
version 0 0.001 220 > soak.ph
extra=()
[ -n "$THREADS" ] && extra=(--threads "$THREADS")
echo "live soak: $SECS s, $BLOCK-frame blocks, a reload every $RELOAD_EVERY s, machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PHONON" live soak.ph --device null --block "$BLOCK" --duration "$SECS" --voices 16384 "${extra[@]}" 2>live.log &
pid=$!
n=0
start=$(date +%s)
elapsed=0
while kill -0 "$pid" 2>/dev/null; do
  sleep 1
  elapsed=$((elapsed + 1))
  [ "$RELOAD_EVERY" -gt 0 ] && [ $((elapsed % RELOAD_EVERY)) -eq 0 ] || continue
  kill -0 "$pid" 2>/dev/null || break
  n=$((n + 1))
  if [ $((n % 2)) -eq 1 ]; then version "$n" 0.0012 330 > soak.ph; else version "$n" 0.001 220 > soak.ph; fi
done
wait "$pid"
rc=$?
echo "exit status $rc after $(( $(date +%s) - start )) s wall; machine load now: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E "playing|stopped|engine:|xrun" live.log
python3 - <<'PY'
import re
text = open("live.log").read()
r = re.findall(r"reload (\d+): compiled in ([\d.]+) ms, live at frame (\d+).*submitted at frame (\d+), seen at t=([\d.]+), live at t=([\d.]+)", text)
xr = [int(m) for m in re.findall(r"xrun\(s\) around frame (\d+)", text)]
inst = [int(x[2]) for x in r]
for f in xr:
    near = min((abs(f - i) for i in inst), default=-1)
    print("xrun near frame %d: nearest reload install %s frames away" % (f, near if near >= 0 else "-"))
if r:
    comp = sorted(float(x[1]) for x in r)
    seen_live = sorted((float(x[5]) - float(x[4])) * 1e3 for x in r)
    wait = max(int(x[2]) - int(x[3]) for x in r)
    print("reloads: %d; compile ms median %.2f max %.2f; seen -> live ms median %.1f max %.1f; "
          "install - submit <= %d frames" % (len(r), comp[len(comp) // 2], comp[-1],
                                             seen_live[len(seen_live) // 2], seen_live[-1], wait))
PY
exit $rc
