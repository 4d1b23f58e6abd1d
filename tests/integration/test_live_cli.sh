#!/usr/bin/env bash
# test_live_cli.sh - `phonon live` as a musician meets it:
#   - no file: ./live.ph is created with a starter program that plays (and
#     an existing live.ph is played, never overwritten);
#   - --list-devices lists the null device; usage mistakes exit 2, a
#     missing file exits 1;
#   - on a terminal (a pseudo-terminal here): the status line shows cycle,
#     cps, voices, DSP load and xruns; `q` quits, Ctrl-C quits, both fade
#     out, exit 0 and leave the terminal modes as they were;
#   - SIGTERM from outside also stops it cleanly.
export PHONON_LIVE_TRACE=1  # exact reload frames in the log
set -u
PHONON=$(realpath "${PHONON:-build/phonon}")
SRC=$(realpath "${PHONON_SOURCE:-.}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PHONON_SAMPLES="" HOME="$tmp"
cd "$tmp"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

"$PHONON" live --list-devices >list.txt 2>/dev/null && grep -q '^- *null' list.txt && ok "--list-devices lists null" || bad "--list-devices: $(cat list.txt)"
"$PHONON" live song.ph --bogus 2>/dev/null; [ $? -eq 2 ] && ok "unknown option exits 2" || bad "unknown option"
"$PHONON" live song.ph --block x 2>/dev/null; [ $? -eq 2 ] && ok "bad --block exits 2" || bad "bad --block"
"$PHONON" live a.ph b.ph 2>/dev/null; [ $? -eq 2 ] && ok "two files exit 2" || bad "two files"
"$PHONON" live - 2>/dev/null; [ $? -eq 2 ] && ok "stdin is refused (exit 2)" || bad "live -"
"$PHONON" live missing.ph --device null 2>err.txt; [ $? -eq 1 ] && grep -q "missing.ph" err.txt && ok "missing file exits 1" || bad "missing file: $(cat err.txt)"
"$PHONON" live song.ph --device no-such-device-here 2>err.txt; rc=$?
[ $rc -eq 1 ] && ok "unknown device exits 1" || bad "unknown device exit $rc: $(cat err.txt)"
"$PHONON" help live | grep -q -- '--record' && ok "help live" || bad "help live"

# no file: the starter
mkdir starter && cd starter
"$PHONON" live --device null --duration 2 --record s.wav 2>log.txt; rc=$?
[ $rc -eq 0 ] && ok "starter run exits 0" || bad "starter run exit $rc: $(cat log.txt)"
grep -q "created live.ph" log.txt && [ -s live.ph ] && ok "live.ph created" || bad "live.ph not created: $(cat log.txt)"
"$PHONON" check live.ph >/dev/null 2>&1 && ok "the starter compiles" || bad "the starter does not compile"
python3 - "$SRC/tests/integration" <<'PY' && ok "the starter plays (drums and tones)" || bad "the starter is silent"
import sys; sys.path.insert(0, sys.argv[1]); import live_lib as L
w = L.read_wav("s.wav")
rms = (sum(v * v for v in w.l[:2 * w.rate]) / (2 * w.rate)) ** 0.5
print("     starter rms %.3f" % rms)
sys.exit(0 if rms > 0.02 else 1)
PY
echo "-- mine" > live.ph
"$PHONON" live --device null --duration 0.3 2>log.txt
[ "$(cat live.ph)" = "-- mine" ] && grep -q "existing live.ph" log.txt && ok "an existing live.ph is not overwritten" || bad "live.ph overwritten"
cd ..

# a terminal: status line, q, Ctrl-C, modes restored; SIGTERM
printf 'tempo: 0.5\nout: s "bd*4" * 0.5 + sine 220 * 0.1\n' > song.ph
python3 - "$PHONON" <<'PY'
import os, select, signal, subprocess, sys, termios, time, fcntl
phonon = sys.argv[1]
fails = 0
def check(c, what):
    global fails
    print(("ok   " if c else "FAIL ") + what)
    fails += 0 if c else 1

def run_tty(key):
    master, slave = os.openpty()
    before = termios.tcgetattr(slave)
    def child_setup():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    p = subprocess.Popen([phonon, "live", "song.ph", "--device", "null"], stdin=slave, stdout=slave,
                         stderr=slave, preexec_fn=child_setup, close_fds=True)
    out, t0 = b"", time.monotonic()
    while time.monotonic() - t0 < 1.5:
        r, _, _ = select.select([master], [], [], 0.05)
        if r:
            try: out += os.read(master, 4096)
            except OSError: break
    during = termios.tcgetattr(slave)
    os.write(master, key)
    rc = None
    t0 = time.monotonic()
    while time.monotonic() - t0 < 10:
        r, _, _ = select.select([master], [], [], 0.05)
        if r:
            try: out += os.read(master, 4096)
            except OSError: pass
        rc = p.poll()
        if rc is not None: break
    after = termios.tcgetattr(slave)
    os.close(master); os.close(slave)
    if rc is None:
        p.kill(); p.wait()
    return rc, out.decode("utf-8", "replace"), before, during, after

for key, name in ((b"q", "q"), (b"\x03", "Ctrl-C")):
    rc, out, before, during, after = run_tty(key)
    check(rc == 0, "%s: exit 0 (got %s)" % (name, rc))
    check("\r\x1b[K> cycle" in out and "cps" in out and "voices" in out and "DSP" in out and "xruns" in out,
          "%s: the status line is drawn in place" % name)
    check(not (during[3] & termios.ICANON) and not (during[3] & termios.ECHO), "%s: single keys while playing" % name)
    check(after[3] == before[3], "%s: terminal modes restored" % name)
    check("stopped after" in out, "%s: a clean stop" % name)

log = open("term.log", "w")
p = subprocess.Popen([phonon, "live", "song.ph", "--device", "null"], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
time.sleep(1.0)
p.send_signal(signal.SIGTERM)
rc = p.wait(timeout=10)
log.close()
text = open("term.log").read()
check(rc == 0 and "(SIGTERM)" in text, "SIGTERM: a clean stop (exit %s)" % rc)
check("\x1b" not in text, "no terminal codes when stderr is not a terminal")
sys.exit(1 if fails else 0)
PY
[ $? -eq 0 ] && ok "terminal checks" || bad "terminal checks"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
