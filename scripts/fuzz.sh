#!/usr/bin/env bash
# fuzz.sh BUILD_DIR SECONDS - run every libFuzzer target for SECONDS each.
# A crash, leak, timeout or OOM makes this exit non-zero.
set -euo pipefail
dir="$1"; secs="$2"
shopt -s nullglob
targets=("$dir"/fuzz/fuzz_*)
[ ${#targets[@]} -gt 0 ] || { echo "fuzz.sh: no fuzz targets in $dir/fuzz" >&2; exit 1; }
status=0
for t in "${targets[@]}"; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  corpus="fuzz/corpus/${name#fuzz_}"
  work=$(mktemp -d)
  [ -d "$corpus" ] && cp -r "$corpus"/. "$work"/ 2>/dev/null || true
  echo "fuzz: $name for ${secs}s"
  if ! "$t" "$work" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$dir/${name}-" >"$dir/$name.log" 2>&1; then
    echo "fuzz: $name FAILED (see $dir/$name.log)"; tail -40 "$dir/$name.log"; status=1
  else
    grep -E 'stat::number_of_executed_units' "$dir/$name.log" | sed "s/^/fuzz: $name /" || true
  fi
  rm -rf "$work"
done
exit $status
