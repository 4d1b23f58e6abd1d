#!/usr/bin/env bash
# test_cli_render.sh - `phonon render` and `phonon check` from the outside:
# every example renders, output is byte-identical across runs and thread
# counts, errors and usage mistakes give the documented exit status.
set -u
PHONON=${PHONON:-build/phonon}
SRC=${PHONON_SOURCE:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PHONON_SAMPLES="" HOME="$tmp"   # hermetic: the built-in kit only
cd "$tmp"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

for f in "$SRC"/examples/*.ph; do
  name=$(basename "$f" .ph)
  if "$PHONON" render "$f" "$name.wav" --cycles 2 2>"$name.err"; then ok; else bad "render $name: $(cat "$name.err")"; fi
  [ -s "$name.wav" ] && ok || bad "$name.wav is empty"
done

"$PHONON" render "$SRC/examples/01_house.ph" a.wav --cycles 2 --threads 1 2>/dev/null
"$PHONON" render "$SRC/examples/01_house.ph" b.wav --cycles 2 --threads 1 2>/dev/null
"$PHONON" render "$SRC/examples/01_house.ph" c.wav --cycles 2 --threads 2 2>/dev/null
cmp -s a.wav b.wav && ok || bad "two renders differ"
cmp -s a.wav c.wav && ok || bad "--threads 1 and --threads 2 differ"

for fmt in s16 s24 f32; do
  "$PHONON" render "$SRC/examples/02_pattern_as_signal.ph" "f_$fmt.wav" --cycles 1 --format "$fmt" 2>/dev/null && ok || bad "--format $fmt"
done
python3 - "$tmp" <<'PY' && ok || bad "WAV headers"
import sys, wave, struct, os
d = sys.argv[1]
w = wave.open(os.path.join(d, "f_s16.wav")); assert w.getnchannels() == 2 and w.getsampwidth() == 2 and w.getframerate() == 44100
assert w.getnframes() == 88200, w.getnframes()   # 1 cycle at 0.5 cps
w = wave.open(os.path.join(d, "f_s24.wav")); assert w.getsampwidth() == 3
PY

"$PHONON" render "$SRC/examples/11_many_voices.ph" m.wav --cycles 1 --stats 2>stats.json >/dev/null && ok || bad "render --stats"
python3 - <<'PY' && ok || bad "--stats is not the documented JSON"
import json
s = json.loads(open("stats.json").read().strip().splitlines()[-1])
for k in ("frames", "seconds", "wall_seconds", "cpu_seconds", "peak_voices", "mean_voices", "voice_samples", "blocks", "block_us"):
    assert k in s, k
for k in ("p50", "p95", "p99", "max"):
    assert k in s["block_us"], k
assert s["peak_voices"] > 100 and s["voice_samples"] > 0 and s["frames"] == 88200
PY

printf 'tempo: 0.5\nout: saw 55 # lpff 800\n' > bad.ph
"$PHONON" check bad.ph 2>check.err; rc=$?
[ $rc -eq 1 ] && ok || bad "check of a bad program exited $rc"
grep -q '^bad.ph:2:15: error: unknown function `lpff` (did you mean `lpf`?)' check.err && ok || bad "check message: $(cat check.err)"
"$PHONON" render bad.ph out.wav 2>/dev/null; rc=$?
[ $rc -eq 1 ] && [ ! -e out.wav ] && ok || bad "render of a bad program: exit $rc, or left a file"
"$PHONON" check "$SRC/examples/03_lfo_filter.ph" 2>/dev/null && ok || bad "check of a good program"
printf 'out: sine 440' | "$PHONON" render - stdin.wav --cycles 1 2>/dev/null && [ -s stdin.wav ] && ok || bad "render from stdin"

"$PHONON" render 2>/dev/null; [ $? -eq 2 ] && ok || bad "render without arguments should exit 2"
"$PHONON" render a.ph b.wav --cycles x 2>/dev/null; [ $? -eq 2 ] && ok || bad "bad --cycles should exit 2"
"$PHONON" render a.ph b.wav --bogus 2>/dev/null; [ $? -eq 2 ] && ok || bad "unknown option should exit 2"
"$PHONON" render missing.ph b.wav 2>/dev/null; [ $? -eq 1 ] && ok || bad "missing input should exit 1"
"$PHONON" render "$SRC/examples/02_pattern_as_signal.ph" /nonexistent/dir/x.wav 2>/dev/null; [ $? -eq 1 ] && ok || bad "unwritable output should exit 1"
"$PHONON" --version | grep -q '^phonon ' && ok || bad "--version"
"$PHONON" help render | grep -q -- '--cycles' && ok || bad "help render"

# phonon bench --effects: only the effects table, every row with a cost relative to plain voices
"$PHONON" bench --effects --seconds 0.3 --voices 64 > bench.out 2>&1; rc=$?
[ $rc -eq 0 ] && ok || bad "bench --effects exited $rc"
grep -q 'RT voices' bench.out && bad "bench --effects printed the main table" || ok
grep -Eq '^lpf, own cutoff per voice +[0-9.]+ ns +[0-9.]+x' bench.out && ok || bad "bench --effects rows: $(cat bench.out)"
"$PHONON" bench --effects --seconds 0 2>/dev/null; [ $? -eq 2 ] && ok || bad "bench with bad --seconds should exit 2"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
