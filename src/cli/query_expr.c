/* query_expr.c - a `phonon query` line to a Pattern: expression first,
 * mini-notation as the fallback (see query_expr.h for the rule). */
#include "cli/query_expr.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/diag.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "pattern/mini.h"

/* The first error of d as "col N: message" (the line is a single line). */
static void first_error(const Diag *d, char *err, size_t errcap)
{
    for (int i = 0; i < d->count; i++) {
        const DiagItem *it = &d->items[i];
        if (it->level != DIAG_ERROR) continue;
        int line, col;
        diag_line_col(d, it->offset, &line, &col);
        snprintf(err, errcap, "col %d: %s", col, it->message);
        return;
    }
    snprintf(err, errcap, "%s", d->errors ? "error (details not kept)" : "invalid expression");
}

static PhStatus expression(const char *text, size_t len, Arena *arena, const Pattern **out, char *err, size_t errcap)
{
    Diag d;
    diag_init(&d, "query", text, len);
    AstNode *node = NULL;
    PhStatus st = parse_expression(text, len, "query", arena, &d, &node);
    if (st == PH_OK && node) st = compile_pattern_expr(node, arena, &d, out);
    else if (st == PH_OK) st = PH_ERR_SYNTAX;
    if (st != PH_OK) {
        if (st == PH_ERR_NOMEM) snprintf(err, errcap, "out of memory");
        else first_error(&d, err, errcap);
    }
    diag_free(&d);
    return st;
}

PhStatus query_line_pattern(const char *text, size_t len, Arena *arena, const Pattern **out, char *err,
                            size_t errcap)
{
    ArenaMark mark = arena_mark(arena);
    PhStatus st = expression(text, len, arena, out, err, errcap);
    if (st == PH_OK) return st;
    /* Not an expression: mini-notation (which may itself hold a `"`, as in
     * `bd" //x`). When both fail, a line with a quote was meant as an
     * expression, so its error is the useful one. */
    bool quoted = memchr(text, '"', len) != NULL;
    arena_rewind(arena, mark);
    MiniResult r;
    if (mini_parse(text, len, arena, &r) != PH_OK) {
        if (!quoted) snprintf(err, errcap, "%s (at byte %zu)", r.err_msg, r.err_offset);
        return quoted ? st : r.status;
    }
    *out = r.pattern;
    return PH_OK;
}
