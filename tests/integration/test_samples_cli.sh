#!/usr/bin/env bash
# test_samples_cli.sh - `phonon samples`: roots in order with which exist,
# banks with file counts and roots, built-in banks marked, bank file listing,
# --check reporting a bad file, exit codes 0 / 1 / 2. HOME, PHONON_SAMPLES
# and the working folder point at a temp dir, never at the real ones.
set -u
PHONON=$(realpath "${PHONON:-build/phonon}")
tmp=$(mktemp -d /tmp/phonon_samples_cli_XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME CONDITION-EXIT-STATUS
    if [ "$2" -ne 0 ]; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi
}

mkdir -p "$tmp/home" "$tmp/cwd" "$tmp/lib/mybank" "$tmp/lib/bd" "$tmp/lib/notabank"
python3 - "$tmp/lib" <<'PY'
import math, struct, sys, wave
root = sys.argv[1]
def wav(path, frames):
    with wave.open(path, "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(44100)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i * 0.1))) for i in range(frames)))
wav(root + "/mybank/b.wav", 300)
wav(root + "/mybank/a.wav", 200)
wav(root + "/bd/kick.wav", 400)
PY
echo "not audio" > "$tmp/lib/notabank/readme.txt"
export HOME="$tmp/home"
unset PHONON_SAMPLES
cd "$tmp/cwd" || exit 1

out=$("$PHONON" samples --samples "$tmp/lib" --samples "$tmp/nowhere" 2>"$tmp/err"); rc=$?
check "exit 0" $rc
echo "$out" | grep -q "1\. --samples *$tmp/lib  (2 banks, 0 shadowed)\|1\. --samples *$tmp/lib  (2 banks)"; check "first root is the --samples folder with 2 banks" $?
echo "$out" | grep -q "2\. --samples *$tmp/nowhere  (missing)"; check "missing root marked" $?
echo "$out" | grep -q "local *\./samples  (missing)"; check "./samples listed" $?
echo "$out" | grep -q "Dirt-Samples *$tmp/home/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples"; check "Dirt-Samples root listed" $?
echo "$out" | grep -q "built-in *(built-in)"; check "kit root listed last" $?
echo "$out" | grep -Eq "^  mybank +2 files +$tmp/lib$"; check "bank with count and root" $?
echo "$out" | grep -Eq "^  bd +1 file +$tmp/lib$"; check "folder bd shadows the kit's bd" $?
echo "$out" | grep -Eq "^  hh +[0-9]+ files +built-in"; check "kit bank marked built-in" $?
echo "$out" | grep -q "notabank"; [ $? -ne 0 ]; check "folder without audio is no bank" $?
grep -q "nowhere: sample folder does not exist" "$tmp/err"; check "warning for missing --samples folder" $?

out=$("$PHONON" samples --samples="$tmp/lib" mybank 2>/dev/null); rc=$?
check "bank listing exits 0" $rc
echo "$out" | grep -q "mybank:0  mybank/a.wav  mono 44100 Hz 0.005 s" && echo "$out" | grep -q "mybank:1  mybank/b.wav"; check "files in byte order with index" $?

"$PHONON" samples bdd >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ]; check "unknown bank exits 1" $?
grep -q "did you mean 'bd'" "$tmp/err"; check "suggestion for bdd" $?

printf 'text' > "$tmp/lib/mybank/c.wav"
out=$("$PHONON" samples --samples "$tmp/lib" --check 2>"$tmp/err"); rc=$?
[ $rc -eq 1 ]; check "--check with a bad file exits 1" $?
grep -q "mybank/c.wav: skipped: not a readable audio file" "$tmp/err"; check "--check names the bad file" $?
echo "$out" | grep -q "check: .* files playable"; check "--check summary" $?
rm "$tmp/lib/mybank/c.wav"
"$PHONON" samples --samples "$tmp/lib" --check >/dev/null 2>&1; check "--check on good files exits 0" $?

"$PHONON" samples --bogus >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]; check "bad flag exits 2" $?
"$PHONON" samples --samples >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]; check "--samples without folder exits 2" $?
"$PHONON" help samples | grep -q "usage: phonon samples"; check "help samples" $?

exit $fail
