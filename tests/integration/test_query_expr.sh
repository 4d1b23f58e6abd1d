#!/usr/bin/env bash
# test_query_expr.sh - `phonon query` lines: a Phonon expression first, then
# mini-notation when the line has no `"`; which error is printed when both fail.
set -euo pipefail
phonon="${PHONON:?}"
fail=0
check() { # check NAME INPUT EXPECTED
  local got
  got=$(printf '%s\n' "$2" | "$phonon" query --cycles 1)
  if [ "$got" != "$3" ]; then
    printf 'FAIL %s\n--- expected\n%s\n--- got\n%s\n' "$1" "$3" "$got"
    fail=1
  fi
}
check mini 'bd sn' $'# bd sn\n0 1/2 0 1/2 bd\n1/2 1 1/2 1 sn'
check numbers '1 2' $'# 1 2\n0 1/2 0 1/2 1\n1/2 1 1/2 1 2'
check alternation '<a b>' $'# <a b>\n0 1 0 1 a'
check string '"bd sn" $ fast 0.5' $'# "bd sn" $ fast 0.5\n0 1 0 1 bd'
check signal 'saw' $'# saw\n- - 0 1 0'
check chain 'sine $ segment 2 $ range 0 2' $'# sine $ segment 2 $ range 0 2\n0 1/2 0 1/2 1\n1/2 1 1/2 1 1.0000000000000002'
check controls 's "bd" # gain 0.8' $'# s "bd" # gain 0.8\n0 1 0 1 {"gain":0.8,"s":"bd"}'
# both fail: without a quote the mini-notation error, with one the expression's
got=$(printf 'bd [\n' | "$phonon" query)
case "$got" in *'!error'*) ;; *) echo "FAIL mini error: $got"; fail=1 ;; esac
case "$got" in *'unknown function'*) echo "FAIL mini error names the expression: $got"; fail=1 ;; esac
got=$(printf 's "bd" # nope 1\n' | "$phonon" query)
case "$got" in *'!error'*'unknown function `nope`'*) ;; *) echo "FAIL expression error: $got"; fail=1 ;; esac
got=$(printf 'fast 2 "bd sn" $\n' | "$phonon" query)
case "$got" in *'!error'*) ;; *) echo "FAIL syntax error: $got"; fail=1 ;; esac
exit $fail
