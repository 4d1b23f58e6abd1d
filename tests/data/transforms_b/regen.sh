#!/usr/bin/env bash
# regen.sh - regenerate the expected output of this folder's corpora from the
# Strudel oracle (shared/tools/strudel-oracle): X_table.txt (PHONON<TAB>STRUDEL)
# gives X.txt (the Phonon expressions) and X_expected.txt (4 cycles).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
oracle="${PHONON_SHARED:-$here/../../../../shared}/tools/strudel-oracle/transform_oracle.mjs"
for table in "$here"/*_table.txt; do
  base="${table%_table.txt}"
  grep -v '^##' "$table" | grep -v '^[[:space:]]*$' | cut -f1 > "$base.txt"
  node "$oracle" --cycles 4 "$table" > "$base"_expected.txt
done
