#!/usr/bin/env bash
# query_limits.sh - hostile input to `phonon query` must give an `!error` line
# quickly and in bounded memory, never a crash, hang or OOM: 10,000 nested
# brackets, a billion events per cycle, a huge Euclid rhythm, invalid UTF-8,
# a billion empty steps, rational overflow. Then a normal pattern still works.
set -euo pipefail
in=$(mktemp)
trap 'rm -f "$in"' EXIT
python3 -c "print('['*10000 + 'bd' + ']'*10000)" >"$in"
printf '%s\n' 'bd*1000000000' 'bd(100000,1000000)' '[~ ~]*1000000000' '0 .. 1000000000' \
  '[bd*4294967296]*4294967296' 'bd!1000000000' >>"$in"
printf 'bd \xff sn\n' >>"$in"
printf 'bd sn\n' >>"$in"
# Bounded memory: 2 GB of address space, unless the build cannot run under such a
# limit at all (AddressSanitizer reserves terabytes of shadow address space).
limit="ulimit -v 2000000;"
(eval "$limit"; echo bd | "$PHONON" query >/dev/null 2>&1) || limit=""
out=$( (eval "$limit"; timeout 20 "$PHONON" query --cycles 4 <"$in") )
errors=$(grep -c '^!error' <<<"$out" || true)
if [ "$errors" -ne 8 ]; then
  echo "query_limits: expected 8 !error lines, got $errors"; echo "$out" | cut -c1-200; exit 1
fi
grep -qx '1/2 1 1/2 1 sn' <<<"$out" || { echo "query_limits: the pattern after the errors was not queried"; exit 1; }
echo "query_limits: ok"
