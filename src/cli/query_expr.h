/* query_expr.h - one `phonon query` line to a Pattern: a Phonon expression
 * (`s "bd sn" $ fast 2 # gain 0.8`, `saw`), or mini-notation (`bd sn`).
 *
 * The rule: the line is tried as an expression first; if that fails it is
 * tried as mini-notation, so `bd sn`, `1 2 3` and `<a b>` stay patterns
 * while `saw` and `sine $ segment 4` are expressions. When both fail, the
 * error shown is the mini-notation one for a line without `"`, else the
 * expression's. */
#ifndef PHONON_CLI_QUERY_EXPR_H
#define PHONON_CLI_QUERY_EXPR_H

#include <stddef.h>

#include "core/arena.h"
#include "core/status.h"
#include "pattern/pattern.h"

/* Builds the line's pattern in arena. On error, err (errcap bytes) gets a
 * one-line message and the status says why. */
PhStatus query_line_pattern(const char *text, size_t len, Arena *arena, const Pattern **out, char *err,
                            size_t errcap);

#endif
