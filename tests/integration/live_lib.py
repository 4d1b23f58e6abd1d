"""live_lib.py - helpers for the `phonon live` integration tests
(tests/integration/test_live_*.sh): read WAV files without numpy, parse the
reload lines `phonon live` prints, write files the ways editors save them,
and the listener's checks (exact equality with a render, onsets on the
cycle grid, steps around a seam)."""
import array
import math
import os
import re
import struct
import sys
import time


class Wav:
    def __init__(self, rate, left, right):
        self.rate = rate
        self.l = left
        self.r = right

    def __len__(self):
        return len(self.l)


def read_wav(path):
    """Float WAV (any of PCM s16/s24, IEEE float32) as planar lists of floats."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError(path + ": not a WAV file")
    pos, fmt, payload = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            tag, ch, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == 0xFFFE:
                tag = struct.unpack("<H", body[24:26])[0]
            fmt = (tag, ch, rate, bits)
        elif cid == b"data":
            payload = body
        pos += 8 + size + (size & 1)
    tag, ch, rate, bits = fmt
    if tag == 3 and bits == 32:
        a = array.array("f")
        a.frombytes(payload[: len(payload) // 4 * 4])
        v = a
    elif tag == 1 and bits == 16:
        a = array.array("h")
        a.frombytes(payload[: len(payload) // 2 * 2])
        v = [x / 32768.0 for x in a]
    else:
        raise ValueError("%s: unsupported WAV format %r" % (path, fmt))
    if sys.byteorder != "little" and isinstance(v, array.array):
        v.byteswap()
    left = v[0::ch]
    right = v[1::ch] if ch > 1 else left
    return Wav(rate, list(left), list(right))


RELOAD_RE = re.compile(
    r"reload (\d+): compiled in ([\d.]+) ms, live at frame (\d+) \(cycle ([-\d.]+)\), "
    r"submitted at frame (\d+), seen at t=([\d.]+), live at t=([\d.]+)")
BANNER_RE = re.compile(r"playing .* ([\d.]+) Hz, (\d+)-frame blocks .* look-ahead (\d+) frames")
SUMMARY_RE = re.compile(r"stopped after .*frames=(\d+) reloads=(\d+) failed=(\d+) xruns=(\d+)")


class Log:
    def __init__(self, path):
        with open(path, encoding="utf-8", errors="replace") as f:
            self.text = f.read()
        m = BANNER_RE.search(self.text)
        if not m:
            raise ValueError("no banner in the log:\n" + self.text)
        self.rate, self.block, self.latency = float(m.group(1)), int(m.group(2)), int(m.group(3))
        self.reloads = []
        for m in RELOAD_RE.finditer(self.text):
            self.reloads.append(dict(n=int(m.group(1)), compile_ms=float(m.group(2)), frame=int(m.group(3)),
                                     cycle=float(m.group(4)), submit=int(m.group(5)),
                                     seen=float(m.group(6)), live=float(m.group(7))))
        m = SUMMARY_RE.search(self.text)
        self.summary = None
        if m:
            self.summary = dict(frames=int(m.group(1)), reloads=int(m.group(2)), failed=int(m.group(3)),
                                xruns=int(m.group(4)))


# ---- saving the way editors do --------------------------------------------------------------

def save_in_place(path, text):
    """Truncate and write (shell `>`, VS Code, nano)."""
    with open(path, "w") as f:
        f.write(text)


def save_rename_over(path, text):
    """Write a temporary file, rename it over (emacs, vim with backupcopy=no, atomic savers)."""
    tmp = os.path.join(os.path.dirname(path) or ".", "." + os.path.basename(path) + ".tmp")
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def save_vim_backup(path, text):
    """vim's default: rename the file to FILE~, write a new FILE, delete the backup."""
    os.rename(path, path + "~")
    with open(path, "w") as f:
        f.write(text)
    os.unlink(path + "~")


def now():
    return time.clock_gettime(time.CLOCK_REALTIME)


# ---- checks ---------------------------------------------------------------------------------

def first_diff(a, b, start=0):
    n = min(len(a), len(b))
    for i in range(start, n):
        if a[i] != b[i]:
            return i
    return -1


def max_step(x, lo, hi):
    lo = max(lo, 1)
    hi = min(hi, len(x))
    return max((abs(x[i] - x[i - 1]) for i in range(lo, hi)), default=0.0)


def onsets(x, threshold, min_gap):
    """Indices where |x| rises above threshold after at least min_gap quiet samples."""
    out, quiet = [], min_gap
    for i, v in enumerate(x):
        if abs(v) > threshold:
            if quiet >= min_gap:
                out.append(i)
            quiet = 0
        else:
            quiet += 1
    return out


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]
