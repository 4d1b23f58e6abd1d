#!/usr/bin/env bash
# test_live_reload.sh - `phonon live` on the paced null device, recording,
# while the file is saved the ways editors save it: in place, rename-over,
# `sed -i`, vim's backup-rename, then a save with an error and the fix.
# Checks (a listener's, on the recording, to the sample):
#   - exactly one reload per good save, none for the bad one (whose error is
#     printed as FILE:LINE:COL with a caret), and each reload goes live at
#     the first block after it was submitted;
#   - before the first edit the recording equals `phonon render`, bit for bit;
#   - the tone (right channel) equals a model of the engine: each new
#     frequency starts at exactly the logged install frame with a continuous
#     phase and a 10 ms linear crossfade, no step bigger than the tone's own;
#   - the hats (left minus right) land on the quarter-cycle grid to the
#     sample before and after every reload, including a tempo change;
#   - the measured latencies (save -> watcher -> compile -> live) are printed.
export PHONON_LIVE_TRACE=1  # exact reload frames in the log
set -u
PHONON=$(realpath "${PHONON:-build/phonon}")
SRC=$(realpath "${PHONON_SOURCE:-.}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PHONON_SAMPLES="" HOME="$tmp"
cd "$tmp"
python3 - "$PHONON" "$SRC/tests/integration" <<'PY'
import math, os, subprocess, sys, time
from fractions import Fraction
phonon, libdir = sys.argv[1], sys.argv[2]
sys.path.insert(0, libdir)
import live_lib as L

RATE, BLOCK, DURATION = 48000, 512, 6.0
def prog(f, g=0.5, tempo=1):
    return ("tempo: %s\n~t: sine %s * 0.2\n~h: s \"hh*4\" # sustain 0.04 # gain %s # pan 0\nout: ~t + ~h\n"
            % (tempo, f, g))

fails = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)

A = prog(220)
L.save_in_place("song.ph", A)
log = open("live.log", "w")
p = subprocess.Popen([phonon, "live", "song.ph", "--device", "null", "--sample-rate", str(RATE),
                      "--block", str(BLOCK), "--record", "rec.wav", "--duration", str(DURATION)],
                     stdin=subprocess.DEVNULL, stdout=log, stderr=log)
t0 = time.monotonic()
while "playing song.ph" not in open("live.log").read():
    if time.monotonic() - t0 > 20 or p.poll() is not None:
        print(open("live.log").read()); sys.exit("phonon live did not start")
    time.sleep(0.005)
start = time.monotonic()
def at(t):
    d = start + t - time.monotonic()
    if d > 0: time.sleep(d)

saves = []
at(1.2); saves.append(L.now()); L.save_in_place("song.ph", prog(330))
at(2.0); saves.append(L.now()); L.save_rename_over("song.ph", prog(440, 0.35))
at(2.8); saves.append(L.now()); subprocess.run(["sed", "-i", "s/sine 440/sine 550/", "song.ph"], check=True)
at(3.6); saves.append(L.now()); L.save_vim_backup("song.ph", prog(660, 0.35, 1.5))
at(4.4); L.save_in_place("song.ph", prog(660, 0.35, 1.5).replace("* 0.2", "* 0.2 #"))
at(5.0); L.save_in_place("song.ph", prog(660, 0.35, 1.5))
rc = p.wait(timeout=60)
log.close()
text = open("live.log").read()
print(text)
check(rc == 0, "phonon live exits 0 (got %d)" % rc)
lg = L.Log("live.log")
lat = lg.latency

# ---- the log --------------------------------------------------------------------------------
check(len(lg.reloads) == 4 and [r["n"] for r in lg.reloads] == [1, 2, 3, 4],
      "exactly one reload per good save (4): %s" % [r["n"] for r in lg.reloads])
import re
check(re.search(r"^song\.ph:2:\d+: error: .*\n.*\n\s+\^", text, re.M) is not None,
      "the bad save's error is printed as FILE:LINE:COL with a caret")
check(text.count("still playing the previous version") == 1, "the bad save keeps the previous version")
check("back to the version that is playing" in text, "the fix is recognised as the version playing")
check(lg.summary and lg.summary["failed"] == 1 and lg.summary["reloads"] == 4, "summary: 4 reloads, 1 failed")
for r in lg.reloads:
    check(r["submit"] <= r["frame"] <= r["submit"] + BLOCK,
          "reload %d live at the next block: submitted at %d, live at %d" % (r["n"], r["submit"], r["frame"]))

rec = L.read_wav("rec.wav")
check(rec.rate == RATE and len(rec) >= DURATION * RATE, "recording: %d frames at %d Hz" % (len(rec), rec.rate))

# ---- before the first edit: the recording is `phonon render` --------------------------------
L.save_in_place("a.ph", A)
subprocess.run([phonon, "render", "a.ph", "a.wav", "--sample-rate", str(RATE), "--block", str(BLOCK),
                "--format", "f32", "--duration", "2"], check=True, stderr=subprocess.DEVNULL)
ref = L.read_wav("a.wav")
F1 = lg.reloads[0]["frame"] if lg.reloads else 0
same = all(rec.l[i + lat] == ref.l[i] and rec.r[i + lat] == ref.r[i] for i in range(min(F1, len(ref))))
check(F1 > RATE and same, "recording == render for the %d frames before the first reload" % F1)
d = L.first_diff(rec.r[lat:], ref.r)
check(F1 <= d <= F1 + 64, "the first changed sample is at the install frame (+ look-ahead): %d vs %d" % (d, F1))

# ---- the tone: a model of the engine --------------------------------------------------------
X = round(0.010 * RATE)
inv_sr = L.f32(1.0 / RATE)
step = L.f32(1.0 / (0.002 * RATE))
class Osc:
    def __init__(s, f): s.ph, s.amp, s.inc = 0.0, 0.0, L.f32(L.f32(f) * inv_sr)
    def next(s):
        s.amp = min(s.amp + step, 1.0)
        t = L.f32(s.ph)
        v = s.amp * math.sin(2 * math.pi * t) * 0.2
        s.ph += s.inc
        if s.ph >= 1.0: s.ph -= 1.0
        return v
freqs = [330, 440, 550, 660]
swaps = {r["frame"]: freqs[i] for i, r in enumerate(lg.reloads)}
cur, old, k = Osc(220), None, 0
worst, worst_at = 0.0, -1
n_frames = int(DURATION * RATE) - lat   # then the quit fade begins
for n in range(n_frames):
    if n in swaps:
        new = Osc(swaps[n]); new.ph, new.amp = cur.ph, cur.amp
        old, cur, k = cur, new, 0
    b = cur.next()
    if old is not None:
        a = old.next(); k += 1
        b = a + (k / X) * (b - a) if k < X else b
        if k >= X: old = None
    e = abs(rec.r[n + lat] - b)
    if e > worst: worst, worst_at = e, n
check(worst < 2e-4, "the tone follows the model everywhere: max error %.2g at frame %d" % (worst, worst_at))
for r, f_new, f_old in zip(lg.reloads, freqs, [220] + freqs):
    s = r["frame"] + lat
    # a tone's own steepest step, plus what a linear crossfade between two
    # tones of amplitude 0.2 can add per sample (2 * 0.2 / X): a click would
    # be far larger
    limit = 2 * math.pi * max(f_new, f_old) * 0.2 / RATE * 1.01 + 2 * 0.2 / X
    m = L.max_step(rec.r, s - 256, s + X + 256)
    check(m <= limit, "no jump at reload %d: max step %.4f <= %.4f" % (r["n"], m, limit))

# ---- the hats on the grid -----------------------------------------------------------------------
diff = [a - b for a, b in zip(rec.l, rec.r)]
got = L.onsets(diff, 1e-3, 1500)
attack = got[0] - lat if got else -1
check(0 <= attack < 16, "first hat at frame 0 (+ its attack %d)" % attack)
F4 = lg.reloads[3]["frame"] if len(lg.reloads) == 4 else n_frames
c4 = Fraction(F4, RATE)
want = []
for q in range(0, 64):
    c = Fraction(q, 4)
    f = math.ceil(c * RATE) if c < c4 else F4 + math.ceil((c - c4) * RATE / Fraction(3, 2))
    if f + lat + attack < len(rec) - 200:
        want.append(f + lat + attack)
ok = len(got) == len(want) and all(abs(a - b) <= 1 for a, b in zip(got, want))
if not ok:
    print("onsets got ", got); print("onsets want", want)
check(ok, "%d hats on the quarter-cycle grid (+-1 sample), tempo 1 then 1.5" % len(want))
exact = sum(1 for a, b in zip(got, want) if a == b)
print("     (%d of %d exactly on the sample)" % (exact, len(want)))

# ---- latency ---------------------------------------------------------------------------------------
for r, s in zip(lg.reloads, saves):
    heard = r["live"] + lat / RATE
    print("     reload %d: save -> seen %.1f ms, compile %.2f ms, seen -> first changed sample %.1f ms, "
          "save -> first changed sample %.1f ms" % (r["n"], (r["seen"] - s) * 1e3, r["compile_ms"],
                                                   (heard - r["seen"]) * 1e3, (heard - s) * 1e3))
    check(heard - s < 2.0, "reload %d heard within 2 s of the save (sanity bound)" % r["n"])
print("%d checks failed" % len(fails))
sys.exit(1 if fails else 0)
PY
