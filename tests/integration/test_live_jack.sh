#!/usr/bin/env bash
# test_live_jack.sh - `phonon live` through PortAudio on a real audio server:
# a private `jackd -d dummy` (timer-paced, no hardware). The program is
# reloaded once; the recording must equal `phonon render` up to the reload
# (the PortAudio path plays exactly what the engine renders), the reload
# goes live at the first block after its submission, and the run stops
# cleanly. Skipped (exit 0 with a message) when jackd or the JACK host API
# is missing.
export PHONON_LIVE_TRACE=1  # exact reload frames in the log
set -u
PHONON=$(realpath "${PHONON:-build/phonon}")
SRC=$(realpath "${PHONON_SOURCE:-.}")
command -v jackd >/dev/null || { echo "SKIP: no jackd"; exit 0; }
tmp=$(mktemp -d)
server="phonon_live_test_$$"
jpid=
cleanup() {
  [ -n "$jpid" ] && kill "$jpid" 2>/dev/null && wait "$jpid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
export PHONON_SAMPLES="" HOME="$tmp" JACK_DEFAULT_SERVER="$server" JACK_NO_START_SERVER=1
cd "$tmp"
jackd -n "$server" -r -d dummy -r 48000 -p 256 >jackd.log 2>&1 &
jpid=$!
dev=
for _ in $(seq 1 100); do
  dev=$("$PHONON" live --list-devices 2>/dev/null | awk '/JACK/ { print $1; exit }')
  [ -n "$dev" ] && break
  kill -0 "$jpid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$dev" ]; then
  echo "SKIP: no JACK output device through PortAudio (jackd log: $(tail -2 jackd.log | tr '\n' ' '))"
  exit 0
fi
echo "JACK device index $dev"
python3 - "$PHONON" "$SRC/tests/integration" "$dev" <<'PY'
import subprocess, sys, time
phonon, libdir, dev = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, libdir)
import live_lib as L
fails = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok: fails.append(what)
A = "tempo: 1\n~d: s \"bd hh sn hh\" # gain 0.6\nout: ~d + sine 330 * 0.1 # lpf 1500 0.7\n"
L.save_in_place("song.ph", A)
log = open("live.log", "w")
p = subprocess.Popen([phonon, "live", "song.ph", "--device", dev, "--block", "512", "--record", "rec.wav",
                      "--duration", "3"], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
t0 = time.monotonic()
while "playing song.ph" not in open("live.log").read():
    if time.monotonic() - t0 > 20 or p.poll() is not None:
        break
    time.sleep(0.01)
time.sleep(1.2)
L.save_rename_over("song.ph", A.replace("330", "440"))
try:
    rc = p.wait(timeout=30)
except subprocess.TimeoutExpired:
    p.kill(); rc = -1
log.close()
text = open("live.log").read()
print(text)
check(rc == 0, "exit status 0 (got %d)" % rc)
lg = L.Log("live.log")
check(abs(lg.rate - 48000) < 1, "runs at the server's rate (%g)" % lg.rate)
check(len(lg.reloads) == 1, "one reload")
if lg.reloads:
    r = lg.reloads[0]
    check(r["submit"] <= r["frame"] <= r["submit"] + lg.block, "live at the next block (%d -> %d)" % (r["submit"], r["frame"]))
    L.save_in_place("a.ph", A)
    subprocess.run([phonon, "render", "a.ph", "a.wav", "--sample-rate", "48000", "--block", "512", "--format", "f32",
                    "--duration", "3"], check=True, stderr=subprocess.DEVNULL)
    rec, ref = L.read_wav("rec.wav"), L.read_wav("a.wav")
    F, lat = r["frame"], lg.latency
    same = all(rec.l[i + lat] == ref.l[i] and rec.r[i + lat] == ref.r[i] for i in range(F))
    check(F > 24000 and same, "through PortAudio/JACK the recording equals `phonon render` until the reload (%d frames)" % F)
    d = L.first_diff(rec.l[lat:], ref.l)
    check(F <= d <= F + 64, "first changed sample at the install frame (%d vs %d)" % (d, F))
print("%d checks failed" % len(fails))
sys.exit(1 if fails else 0)
PY
