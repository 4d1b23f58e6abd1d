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
#include "pattern/pattern_print.h"

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
    PhStatus st = pat_print_cycles(p, 0, cycles, &ctx, &scratch, f, NULL, 0);
    if (st != PH_OK) fprintf(f, "!query %s\n", ph_status_name(st));
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
