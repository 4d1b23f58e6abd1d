/* test_transform_b_util.h - helpers for the conditional / layering / random /
 * sample transform unit tests.
 *
 *  - tb_events(expr, cycles): compile one Phonon expression as `phonon query`
 *    does, query it cycle by cycle and print the events sorted as the query
 *    contract says, one "WHOLE_BEGIN WHOLE_END PART_BEGIN PART_END VALUE\n"
 *    line each ("-" for a missing whole); "!compile MESSAGE\n" when it does
 *    not compile; "!query STATUS MESSAGE\n" for a hard query error. A
 *    PH_ERR_TYPE error (Strudel's silent failure) leaves that cycle empty.
 *  - tb_span_events(p, span): the same for one query over any span.
 *  - tb_apply(name, args, subject): a transform from the registry applied
 *    directly, so tests can pass function arguments built in C (tb_fast).
 * Results are malloc'd strings; the caller frees them. */
#ifndef PHONON_TEST_TRANSFORM_B_UTIL_H
#define PHONON_TEST_TRANSFORM_B_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "pattern/pattern.h"
#include "pattern/pattern_print.h"
#include "test_transform_util.h"
#include "pattern/rand.h"
#include "pattern/transform.h"

/* Queries p over each span of spans[0..nspans), printing as above. */
static __attribute__((unused)) void tb_query_spans(FILE *f, const Pattern *p, const Span *spans, size_t nspans)
{
    Arena scratch;
    arena_init(&scratch, 0, 256u << 20);
    PatCtx ctx;
    pat_ctx_init(&ctx, &scratch);
    PhStatus st = pat_print_spans(p, spans, nspans, &ctx, &scratch, f, NULL, 0);
    if (st != PH_OK) fprintf(f, "!query %s %s\n", ph_status_name(st), ctx.err.msg);
    pat_ctx_free(&ctx);
    arena_free(&scratch);
}

/* Compiles expr into arena a (the shared helper of test_transform_util.h). */
static __attribute__((unused)) const Pattern *tb_compile(const char *expr, Arena *a, char **msg)
{
    return tq_compile(expr, a, msg);
}

/* The events of p over cycles [first, first + count), one query per cycle. */
static __attribute__((unused)) char *tb_pattern_cycles(const Pattern *p, long first, long count)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) abort();
    Span spans[64];
    size_t n = 0;
    for (long c = first; c < first + count && n < 64; c++) spans[n++] = span_make(rat_int(c), rat_int(c + 1));
    tb_query_spans(f, p, spans, n);
    fclose(f);
    return buf;
}

static __attribute__((unused)) char *tb_span_events(const Pattern *p, Span s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) abort();
    tb_query_spans(f, p, &s, 1);
    fclose(f);
    return buf;
}

/* expr compiled, then queried over cycles [first, first + count). */
static __attribute__((unused)) char *tb_events_from(const char *expr, long first, long count)
{
    Arena a;
    arena_init(&a, 0, 64u << 20);
    char *msg = NULL;
    const Pattern *p = tb_compile(expr, &a, &msg);
    char *r;
    if (!p) {
        size_t n = strlen(msg) + 16;
        r = malloc(n);
        snprintf(r, n, "!compile %s\n", msg);
        free(msg);
    } else {
        r = tb_pattern_cycles(p, first, count);
    }
    arena_free(&a);
    return r;
}

static __attribute__((unused)) char *tb_events(const char *expr, long cycles)
{
    return tb_events_from(expr, 0, cycles);
}

/* Counts the lines of s. */
static __attribute__((unused)) size_t tb_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

/* ---- transforms applied from C ----------------------------------------------------------- */

typedef struct TbFastEnv {
    Rat factor;
} TbFastEnv;

static const Pattern *tb_fast_apply(const PatFn *self, Arena *a, const Pattern *p, PatErr *err)
{
    const TbFastEnv *e = self->env;
    const Pattern *r = pat_fast(a, e->factor, p);
    if (!r) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
    return r;
}

/* A PatFn for `fast factor`, built from pattern.h alone (so these tests do
 * not depend on the time family). */
static __attribute__((unused)) const PatFn *tb_fast(Arena *a, Rat factor)
{
    TbFastEnv *e = ARENA_NEW(a, TbFastEnv);
    PatFn *f = ARENA_NEW(a, PatFn);
    if (!e || !f) abort();
    e->factor = factor;
    *f = (PatFn){ tb_fast_apply, e, "fast" };
    return f;
}

static __attribute__((unused)) PatArg tb_pat_arg(const Pattern *p) { return (PatArg){ .kind = PAT_PARAM_PAT, .u.pat = p }; }
static __attribute__((unused)) PatArg tb_fn_arg(const PatFn *f) { return (PatArg){ .kind = PAT_PARAM_FN, .u.fn = f }; }

/* The registry's transform `name` applied to subject; NULL with err set on error. */
static __attribute__((unused)) const Pattern *tb_apply(Arena *a, const char *name, const PatArg *args,
                                                       const Pattern *subject, PatErr *err)
{
    const PatTransformDef *d = pat_transform_find(name, strlen(name));
    if (!d) {
        pat_err_set(err, PH_ERR_ARG, "no transform %s", name);
        return NULL;
    }
    return d->apply(a, args, subject, err);
}

/* The events of expr over `cycles` cycles must be exactly `want`. */
#define tb_assert_events(expr, cycles, want)             \
    do {                                                 \
        char *got_ = tb_events((expr), (cycles));        \
        if (strcmp(got_, (want)) != 0)                   \
            fprintf(stderr, "expression: %s\n", (expr)); \
        assert_string_equal(got_, (want));               \
        free(got_);                                      \
    } while (0)

/* Two expressions give the same events. */
#define tb_assert_same(a, b, cycles)                                 \
    do {                                                             \
        char *x_ = tb_events((a), (cycles)), *y_ = tb_events((b), (cycles)); \
        if (strcmp(x_, y_) != 0) fprintf(stderr, "%s\nvs\n%s\n", (a), (b)); \
        assert_string_equal(x_, y_);                                 \
        free(x_);                                                    \
        free(y_);                                                    \
    } while (0)

/* expr does not compile and the message contains `part` (compile errors
 * print the same through either helper). */
#define tb_assert_compile_error(expr, part) assert_compile_error(expr, part)

#endif
