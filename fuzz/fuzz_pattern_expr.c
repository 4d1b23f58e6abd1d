/* fuzz_pattern_expr.c - libFuzzer target: arbitrary bytes as a `phonon query`
 * expression: parse, compile to a pattern (every transform, control and
 * operator is reachable), then query a few cycles, a fractional span, a
 * zero-width span and a negative cycle with small limits. Nothing may crash,
 * leak or hang; errors are fine. Invariants checked: a query that succeeds
 * returns events whose times are valid and whose values print. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/diag.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "pattern/pattern.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void query(const Pattern *p, PatCtx *ctx, Arena *scratch, Span span)
{
    arena_reset(scratch);
    const PatEvent *ev;
    size_t n;
    PhStatus st = pat_query(p, ctx, span, &ev, &n);
    if (st != PH_OK) {
        if (n != 0) abort();
        return;
    }
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        if (!rat_ok(ev[i].part.begin) || !rat_ok(ev[i].part.end)) abort();
        if (ev[i].has_whole && (!rat_ok(ev[i].whole.begin) || !rat_ok(ev[i].whole.end))) abort();
        val_format(ev[i].value, buf, sizeof buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    const char *src = (const char *)data;
    Arena a, scratch;
    arena_init(&a, 0, 16u << 20);
    arena_init(&scratch, 0, 32u << 20);
    Diag d;
    diag_init(&d, "-", src, size);
    AstNode *e = NULL;
    const Pattern *p = NULL;
    if (parse_expression(src, size, "-", &a, &d, &e) == PH_OK &&
        compile_pattern_expr(e, &a, &d, &p) == PH_OK) {
        if (!p) abort();
        PatCtx ctx;
        pat_ctx_init(&ctx, &scratch);
        ctx.max_events = 1u << 14;
        ctx.max_work = 1u << 16;
        for (int c = 0; c < 3; c++) query(p, &ctx, &scratch, span_make(rat_int(c), rat_int(c + 1)));
        query(p, &ctx, &scratch, span_make(rat_make(1, 3), rat_make(7, 4)));
        query(p, &ctx, &scratch, span_make(rat_make(1, 2), rat_make(1, 2)));
        query(p, &ctx, &scratch, span_make(rat_int(-1), rat_int(0)));
        pat_ctx_free(&ctx);
    }
    diag_free(&d);
    arena_free(&a);
    arena_free(&scratch);
    return 0;
}
