/* test_transform_util.h - helpers for the transform unit tests: compile one
 * Phonon expression as `phonon query` does and print its events, one
 * query per cycle, sorted as the query contract says:
 *   "WHOLE_BEGIN WHOLE_END PART_BEGIN PART_END VALUE\n" per event
 * ("-" for a missing whole), "!compile MESSAGE\n" when the expression does
 * not compile, "!query STATUS\n" (and nothing else) when a query fails
 * with a hard error; a PH_ERR_TYPE query error (Strudel's silent failure)
 * gives no events for that cycle, as `phonon query` does. */
#ifndef PHONON_TEST_TRANSFORM_UTIL_H
#define PHONON_TEST_TRANSFORM_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "pattern/pattern.h"

typedef struct TqRow {
    PatEvent ev;
    char value[256];
} TqRow;

static int tq_cmp_opt(bool ha, Rat a, bool hb, Rat b)
{
    if (!ha || !hb) return (int)ha - (int)hb;
    return rat_cmp(a, b);
}

static int tq_row_cmp(const void *pa, const void *pb)
{
    const TqRow *a = pa, *b = pb;
    int c = rat_cmp(a->ev.part.begin, b->ev.part.begin);
    if (c) return c;
    if ((c = tq_cmp_opt(a->ev.has_whole, a->ev.whole.begin, b->ev.has_whole, b->ev.whole.begin))) return c;
    if ((c = strcmp(a->value, b->value))) return c;
    if ((c = tq_cmp_opt(a->ev.has_whole, a->ev.whole.end, b->ev.has_whole, b->ev.whole.end))) return c;
    return rat_cmp(a->ev.part.end, b->ev.part.end);
}

static void tq_time(FILE *f, bool has, Rat t)
{
    char b[48];
    if (!has) {
        fputs("-", f);
        return;
    }
    rat_format(t, b, sizeof b);
    fputs(b, f);
}

/* Compiles expr into arena a; NULL with *msg (malloc'd) on error. */
static __attribute__((unused)) const Pattern *tq_compile(const char *expr, Arena *a, char **msg)
{
    Diag d;
    size_t n = strlen(expr);
    diag_init(&d, "t", expr, n);
    AstNode *node = NULL;
    const Pattern *p = NULL;
    PhStatus st = parse_expression(expr, n, "t", a, &d, &node);
    if (st == PH_OK) st = compile_pattern_expr(node, a, &d, &p);
    if (st != PH_OK) {
        *msg = strdup(d.count ? d.items[0].message : "error");
        p = NULL;
    }
    diag_free(&d);
    return p;
}

static __attribute__((unused)) char *tq_events(const char *expr, long cycles)
{
    Arena a, scratch;
    arena_init(&a, 0, 64u << 20);
    arena_init(&scratch, 0, 256u << 20);
    char *buf = NULL;
    size_t blen = 0;
    FILE *f = open_memstream(&buf, &blen);
    char *msg = NULL;
    const Pattern *p = tq_compile(expr, &a, &msg);
    if (!p) {
        fprintf(f, "!compile %s\n", msg);
        free(msg);
        goto done;
    }
    PatCtx ctx;
    pat_ctx_init(&ctx, &scratch);
    TqRow *rows = NULL;
    size_t nrows = 0, cap = 0;
    bool failed = false;
    for (long c = 0; c < cycles && !failed; c++) {
        arena_reset(&scratch);
        const PatEvent *ev;
        size_t n;
        PhStatus st = pat_query(p, &ctx, span_make(rat_int(c), rat_int(c + 1)), &ev, &n);
        if (st == PH_ERR_TYPE) continue;
        if (st != PH_OK) {
            fprintf(f, "!query %s\n", ph_status_name(st));
            failed = true;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            if (nrows == cap) {
                cap = cap ? cap * 2 : 64;
                rows = realloc(rows, cap * sizeof *rows);
            }
            rows[nrows].ev = ev[i];
            val_format(ev[i].value, rows[nrows].value, sizeof rows[nrows].value);
            nrows++;
        }
    }
    if (!failed) {
        if (nrows) qsort(rows, nrows, sizeof *rows, tq_row_cmp);
        for (size_t i = 0; i < nrows; i++) {
            const PatEvent *e = &rows[i].ev;
            tq_time(f, e->has_whole, e->whole.begin);
            fputc(' ', f);
            tq_time(f, e->has_whole, e->whole.end);
            fputc(' ', f);
            tq_time(f, true, e->part.begin);
            fputc(' ', f);
            tq_time(f, true, e->part.end);
            fprintf(f, " %s\n", rows[i].value);
        }
    }
    free(rows);
    pat_ctx_free(&ctx);
done:
    fclose(f);
    arena_free(&a);
    arena_free(&scratch);
    return buf;
}

/* The events of expr over `cycles` cycles must be exactly `want`. */
#define assert_events(expr, cycles, want)                 \
    do {                                                  \
        char *got_ = tq_events((expr), (cycles));         \
        if (strcmp(got_, (want)) != 0)                    \
            fprintf(stderr, "expression: %s\n", (expr));  \
        assert_string_equal(got_, (want));                \
        free(got_);                                       \
    } while (0)

/* The expression must not compile, and the message must contain `part`. */
#define assert_compile_error(expr, part)                                   \
    do {                                                                   \
        char *got_ = tq_events((expr), 1);                                 \
        if (strncmp(got_, "!compile ", 9) != 0 || !strstr(got_, (part)))   \
            fprintf(stderr, "expression: %s\ngot: %s", (expr), got_);      \
        assert_true(strncmp(got_, "!compile ", 9) == 0);                   \
        assert_non_null(strstr(got_, (part)));                             \
        free(got_);                                                        \
    } while (0)

#endif
