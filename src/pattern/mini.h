/* mini.h - mini-notation ("bd*2 [~ sn] <hh cp>") to a Pattern, with
 * Strudel 1.2.6 semantics.
 *
 * Three stages, one file each: mini_lex.c scans characters (whitespace,
 * step words, numbers), mini_parse.c follows Strudel's grammar (krill.pegjs)
 * to an AST with byte offsets and random seeds, mini_build.c turns the AST
 * into patterns the way Strudel's mini.mjs does.
 *
 * Errors carry a byte offset into the text so a caller can point a caret at
 * the exact character, also inside a string literal of a larger program
 * (add the literal's offset). */
#ifndef PHONON_PATTERN_MINI_H
#define PHONON_PATTERN_MINI_H

#include <stddef.h>

#include "core/arena.h"
#include "core/status.h"
#include "pattern/pattern.h"

/* Longest mini-notation text accepted, in bytes. */
#define MINI_MAX_TEXT (64 * 1024)
/* Deepest nesting of [ ], < >, { } and operator arguments. */
#define MINI_MAX_DEPTH 128

typedef struct MiniResult {
    const Pattern *pattern; /* on PH_OK; lives in the arena */
    PhStatus status;        /* PH_OK, PH_ERR_SYNTAX, PH_ERR_LIMIT, PH_ERR_TYPE (Strudel rejects
                               the values, e.g. bd(3,2)), PH_ERR_OVERFLOW, PH_ERR_NOMEM */
    size_t err_offset;      /* byte offset into text of the offending character */
    size_t err_length;      /* bytes to underline, >= 1 */
    char err_msg[160];      /* one line, no trailing newline */
} MiniResult;

/* Parses text (len bytes, UTF-8, need not be NUL-terminated) and builds its
 * pattern in arena. Returns out->status. */
PhStatus mini_parse(const char *text, size_t len, Arena *arena, MiniResult *out);

#endif
