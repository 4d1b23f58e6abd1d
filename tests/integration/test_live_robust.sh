#!/usr/bin/env bash
# test_live_robust.sh - `phonon live` under abuse, on the paced null device:
#   1. 100 saves within one second (the last one must be what plays);
#   2. a 1 MB program (compiles off the audio thread while the music goes on);
#   3. a binary file, an empty file (silence), a deleted file, and back;
#   4. 1,000 reloads: resident memory stays flat (and under `make asan` the
#      ASan build's leak check must pass at exit).
# Throughout: no crash, exit status 0, finite output within the ceiling,
# and no xrun. If xruns happened, the same run without edits is repeated:
# if that one has xruns too the machine is too busy to tell (reported, not
# failed); otherwise more than three (a reload that stalls the audio thread
# does it over and over) fail the test.
export PHONON_LIVE_TRACE=1  # exact reload frames in the log
set -u
PHONON=$(realpath "${PHONON:-build/phonon}")
SRC=$(realpath "${PHONON_SOURCE:-.}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PHONON_SAMPLES="" HOME="$tmp"
cd "$tmp"
python3 - "$PHONON" "$SRC/tests/integration" <<'PY'
import math, os, re, subprocess, sys, time
phonon, libdir = sys.argv[1], sys.argv[2]
sys.path.insert(0, libdir)
import live_lib as L

fails = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)

def prog(i):
    return ("-- save %d\ntempo: 1\n~d: s \"bd*2 hh*4\" # gain 0.5\n~t: sine %d * 0.1 # lpf 2000 0.7\n"
            "out: ~d + ~t # delay 0.125 0.4 0.2\n" % (i, 200 + (i % 7) * 50))

def start(args):
    log = open("live.log", "w")
    p = subprocess.Popen([phonon, "live", "song.ph", "--device", "null"] + args,
                         stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    t0 = time.monotonic()
    while "playing song.ph" not in open("live.log").read():
        if time.monotonic() - t0 > 30 or p.poll() is not None:
            print(open("live.log").read()); sys.exit("phonon live did not start")
        time.sleep(0.005)
    return p, log

def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1

def wait_for(pattern, timeout):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if re.search(pattern, open("live.log").read()):
            return True
        time.sleep(0.01)
    return False

# ---- 1-3: bursts, a 1 MB program, binary / empty / deleted ------------------------------------
L.save_in_place("song.ph", prog(0))
p, log = start(["--record", "rec.wav", "--block", "256", "--duration", "9"])
t0 = time.monotonic()
for i in range(1, 101):
    L.save_in_place("song.ph", prog(i))
    time.sleep(max(0.0, t0 + i * 0.0099 - time.monotonic()))
burst = time.monotonic() - t0
time.sleep(0.5)
m = re.findall(r"reload (\d+): compiled", open("live.log").read())
check(len(m) >= 1, "100 saves in %.2f s: %d reloads went live" % (burst, len(m)))
check(p.poll() is None, "still running after the burst")
last_burst = L.Log("live.log").reloads[-1] if L.Log("live.log").reloads else None

big = ["tempo: 1", "~d: s \"bd*2 hh*4\" # gain 0.5"]
i = 0
while sum(len(x) + 1 for x in big) < 1_000_000:
    big.append("~b%d: sine %d * 0.001 # lpf 800 0.7 -- %s" % (i, 100 + i % 500, "x" * 60))
    i += 1
    if i >= 8000:
        big.append("-- " + "padding " * 12)
big.append("out: ~d + ~b1 + ~b2")
n_before = len(re.findall(r"reload \d+: compiled", open("live.log").read()))
L.save_rename_over("song.ph", "\n".join(big) + "\n")
check(wait_for(r"reload %d: compiled in ([\d.]+) ms" % (n_before + 1) if n_before else r"reload \d+: compiled in", 20),
      "a 1 MB program (%d buses) reloads" % i)
mm = re.findall(r"reload \d+: compiled in ([\d.]+) ms", open("live.log").read())
print("     1 MB program: compiled in %s ms" % (mm[-1] if mm else "?"))

with open("/bin/true", "rb") as f:
    blob = f.read()
with open("song.ph", "wb") as f:
    f.write(blob)
check(wait_for(r"not a text file", 3), "a binary file is refused")
L.save_in_place("song.ph", "")
time.sleep(0.3)
L.save_in_place("song.ph", "-- nothing but a comment\n")
time.sleep(0.3)
os.unlink("song.ph")
check(wait_for(r"song\.ph is gone", 3), "a deleted file is reported")
time.sleep(0.3)
L.save_rename_over("song.ph", prog(7))
check(p.poll() is None, "still running")
rc = p.wait(timeout=60)
log.close()
text = open("live.log").read()
print("\n".join(l for l in text.splitlines() if "reload" not in l or "1 MB" in l)[:3000])
lg = L.Log("live.log")
check(rc == 0, "exit status 0 (got %d)" % rc)
def no_edit_xruns():
    L.save_in_place("song.ph", prog(0))
    q, qlog = start(["--block", "256", "--duration", "9"])
    q.wait(timeout=60)
    qlog.close()
    return L.Log("live.log").summary["xruns"]
xr = lg.summary["xruns"] if lg.summary else -1
with open(phonon, "rb") as f:
    asan = b"__asan_init" in f.read()
if xr > 0 and asan:
    # ASan's shadow checks and quarantined allocator slow everything 2-10x,
    # the compile thread included; deadlines are checked in the release build.
    print("SKIP %d xrun(s) under ASan: real-time deadlines are checked in the release build" % xr)
elif xr > 0:
    base = no_edit_xruns()
    print("     %d xruns with the edits; %d in the same run without edits" % (xr, base))
    if base > 0:
        print("SKIP the machine is too busy to tell whether the reloads caused xruns")
    elif xr <= 3:
        # a reload that stalls the audio thread does it on many of the ~1,100
        # reloads; one to three xruns with a quiet baseline is the host (seen
        # under `ctest -j2` on 2 cores: another test's burst, then quiet)
        print("SKIP %d xrun(s) with the edits, none without: too few to blame the reloads" % xr)
    else:
        check(False, "no xrun caused by the reloads (%d)" % xr)
else:
    check(xr == 0, "no xrun during the abuse")
print("     worst callback: %s" % re.search(r"worst_block=\S+", text).group(0))
rec = L.read_wav("rec.wav")
bad = sum(1 for v in rec.l if not math.isfinite(v)) + sum(1 for v in rec.r if not math.isfinite(v))
peak = max(max(abs(v) for v in rec.l), max(abs(v) for v in rec.r))
check(bad == 0 and peak <= 1.0, "recording finite and within the ceiling (peak %.3f)" % peak)

# the burst's last reload played the last save's tone (300 Hz), not an earlier one's
def goertzel(x, f, rate):
    w = 2 * math.pi * f / rate
    c, s1, s2 = 2 * math.cos(w), 0.0, 0.0
    for v in x:
        s1, s2 = v + c * s1 - s2, s1
    return s1 * s1 + s2 * s2 - c * s1 * s2
if last_burst:
    a = last_burst["frame"] + lg.latency + 4800
    win = [l + r for l, r in zip(rec.l[a:a + 9600], rec.r[a:a + 9600])]
    powers = {f: goertzel(win, f, rec.rate) for f in range(200, 501, 50)}
    best = max(powers, key=powers.get)
    check(best == 300, "after the burst the last save plays (tone %d Hz, want 300)" % best)
else:
    check(False, "the burst made a reload")

# ---- 4: 1,000 reloads, memory flat --------------------------------------------------------------
L.save_in_place("song.ph", prog(0))
p, log = start(["--block", "128", "--debounce", "1"])
rss = []
for i in range(1, 1001):
    L.save_in_place("song.ph", prog(i))
    time.sleep(0.015)
    if i in (200, 1000):
        time.sleep(0.2)
        rss.append(rss_kb(p.pid))
p.send_signal(2)
rc = p.wait(timeout=60)
log.close()
lg = L.Log("live.log")
n = lg.summary["reloads"] if lg.summary else 0
check(rc == 0, "SIGINT: exit status 0 (got %d)" % rc)
check(n >= 900, "%d of 1000 saves were compiled and submitted" % n)
print("     resident memory after 200 reloads: %d kB, after 1000: %d kB" % (rss[0], rss[1]))
if asan:
    # ASan keeps freed memory in quarantine, so RSS grows by design; its leak
    # check at exit (a non-zero exit status above) is the memory check here.
    print("SKIP resident memory under ASan (the leak check at exit passed)")
else:
    check(rss[1] - rss[0] < 2048, "memory flat over 800 more reloads (%+d kB)" % (rss[1] - rss[0]))
print("%d checks failed" % len(fails))
sys.exit(1 if fails else 0)
PY
