#!/usr/bin/env bash
# test_live_errors.sh - saves that must NOT change the music: a syntax error,
# an unknown function, a binary file, the file deleted, then the original
# text back (rename-over). `phonon live` on the paced null device records
# the whole time; the recording must equal `phonon render` of the program,
# sample for sample (the master look-ahead is the only offset), and every
# problem must be reported (FILE:LINE:COL with a caret for program errors).
export PHONON_LIVE_TRACE=1  # exact reload frames in the log
set -u
PHONON=$(realpath "${PHONON:-build/phonon}")
SRC=$(realpath "${PHONON_SOURCE:-.}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PHONON_SAMPLES="" HOME="$tmp"
cd "$tmp"
python3 - "$PHONON" "$SRC/tests/integration" <<'PY'
import os, re, shutil, subprocess, sys, time
phonon, libdir = sys.argv[1], sys.argv[2]
sys.path.insert(0, libdir)
import live_lib as L

RATE, BLOCK, DURATION = 44100, 256, 4.0
P = ("tempo: 0.5\n"
     "~drums: s \"[bd*4, hh*8, ~ sn ~ sn]\"\n"
     "~bass: saw \"55 82.5 110\" # lpf 600 0.8\n"
     "out: (~drums * 0.6 + ~bass * 0.15) # delay 0.25 0.4 0.25 # reverb 0.5 0.5 0.2\n")
fails = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)

L.save_in_place("song.ph", P)
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

at(0.5); L.save_in_place("song.ph", P.replace("lpf 600", "lpf 600 0.8 0.9 (").replace("0.8 0.9 (", "("))
at(1.0); L.save_in_place("song.ph", P.replace("lpf 600", "lpff 600"))
at(1.5); shutil.copyfile("/bin/true", "song.ph")
at(2.0); os.unlink("song.ph")
at(2.6); L.save_rename_over("song.ph", P)
rc = p.wait(timeout=60)
log.close()
text = open("live.log").read()
print(text)
check(rc == 0, "exit status 0 (got %d)" % rc)
lg = L.Log("live.log")
check(re.search(r"^song\.ph:3:\d+: error: .*\n.*\n\s*\^", text, re.M) is not None, "syntax error with FILE:LINE:COL and a caret")
check(re.search(r"^song\.ph:3:\d+: error: unknown function `lpff` \(did you mean `lpf`\?\)", text, re.M) is not None,
      "unknown function with a suggestion")
check(re.search(r"song\.ph:1:1: error: not a text file", text) is not None, "a binary file is refused, not printed")
check("song.ph is gone; still playing" in text, "a deleted file is reported, the music goes on")
check(text.count("still playing the previous version") == 3, "three bad saves keep the previous version")
check("back to the version that is playing" in text, "the file back as it was: nothing to reload")
check(len(lg.reloads) == 0 and lg.summary and lg.summary["failed"] == 3, "no reload happened, 3 failed saves")

L.save_in_place("p.ph", P)
subprocess.run([phonon, "render", "p.ph", "p.wav", "--sample-rate", str(RATE), "--block", str(BLOCK),
                "--format", "f32", "--duration", str(DURATION)], check=True, stderr=subprocess.DEVNULL)
rec, ref = L.read_wav("rec.wav"), L.read_wav("p.wav")
lat = lg.latency
n = min(len(ref), int(DURATION * RATE) - lat)   # the quit fade starts after DURATION
d = L.first_diff(rec.l[lat:lat + n], ref.l[:n])
d2 = L.first_diff(rec.r[lat:lat + n], ref.r[:n])
check(n > 3 * RATE and d < 0 and d2 < 0,
      "the recording equals `phonon render` for %d frames (first difference: %d, %d)" % (n, d, d2))
check(all(v == 0.0 for v in rec.l[:lat]), "the first %d frames are the master's look-ahead (silence)" % lat)
tail = rec.l[-BLOCK:]
check(max(abs(v) for v in tail) == 0.0, "the recording ends in silence (quit fade)")
print("%d checks failed" % len(fails))
sys.exit(1 if fails else 0)
PY
