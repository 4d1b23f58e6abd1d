/* pattern_cat.c - concatenation: slowcat (one pattern per cycle, with
 * Strudel's time shift so no source cycle is skipped), fastcat (slowcat
 * squeezed into one cycle) and timecat (weighted steps, via compress). */
#include "pattern/pattern.h"

typedef struct CatData {
    size_t n;
    const Pattern *pats[];
} CatData;

static int64_t floor_div(int64_t a, int64_t n)
{
    int64_t q = a / n;
    if ((a % n != 0) && ((a < 0) != (n < 0))) q--;
    return q;
}

/* Queries the cat's piece of cycle c (whole-cycle-aligned piece of span). */
static bool cat_piece(const CatData *d, PatCtx *ctx, Span piece, Rat *shift_out, size_t *base_out)
{
    Rat c = rat_floor(piece.begin); /* an integer: den 1 */
    int64_t n = (int64_t)d->n;
    int64_t i = c.num % n;
    if (i < 0) i += n;
    /* cycle c plays cycle floor(c/n) of its pattern: shift by c - floor(c/n) */
    Rat off = rat_int(c.num - floor_div(c.num, n));
    *shift_out = off;
    *base_out = ctx->n;
    return pat_sub_query(ctx, d->pats[i], span_make(rat_sub(piece.begin, off), rat_sub(piece.end, off)));
}

static void slowcat_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const CatData *d = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat off;
        size_t base;
        if (!cat_piece(d, ctx, piece, &off, &base)) return;
        if (ctx->n > base && !pat_map_times(ctx, base, rat_int(1), off)) return;
    }
}

/* fastcat = slowcat(...).fast(n): the query is scaled by n, cut into cycles,
 * and each event mapped back by (t + shift) / n in one step. */
static void fastcat_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const CatData *d = self->data;
    Rat n = rat_int((int64_t)d->n);
    Rat inv = rat_make(1, (int64_t)d->n);
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span_make(rat_mul(span.begin, n), rat_mul(span.end, n)));
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat off;
        size_t base;
        if (!cat_piece(d, ctx, piece, &off, &base)) return;
        if (ctx->n > base && !pat_map_times(ctx, base, inv, rat_mul(off, inv))) return;
    }
}

static const Pattern *make_cat(Arena *a, const Pattern *const *pats, size_t n, PatQueryFn q)
{
    CatData *d = arena_alloc(a, sizeof(CatData) + n * sizeof(Pattern *));
    if (!d) return NULL;
    d->n = n;
    for (size_t i = 0; i < n; i++) {
        if (!pats[i]) return NULL;
        d->pats[i] = pats[i];
    }
    return pat_new(a, q, d);
}

const Pattern *pat_slowcat(Arena *a, const Pattern *const *pats, size_t n)
{
    if (n == 0) return pat_silence();
    if (n == 1) return pats[0];
    return make_cat(a, pats, n, slowcat_query);
}

const Pattern *pat_fastcat(Arena *a, const Pattern *const *pats, size_t n)
{
    if (n == 0) return pat_silence();
    if (n == 1) return pats[0];
    return make_cat(a, pats, n, fastcat_query);
}

const Pattern *pat_timecat(Arena *a, const Rat *weights, const Pattern *const *pats, size_t n, PatErr *err)
{
    if (n == 0) return pat_silence();
    if (n == 1) {
        const Pattern *r = pat_unpure(a, pats[0]);
        if (!r) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
        return r;
    }
    Rat total = rat_int(0);
    for (size_t i = 0; i < n; i++) total = rat_add(total, weights[i]);
    if (!rat_ok(total)) {
        pat_err_rat(err, total);
        return NULL;
    }
    const Pattern **kids = arena_alloc(a, n * sizeof *kids);
    if (!kids) {
        pat_err_set(err, PH_ERR_NOMEM, "out of memory");
        return NULL;
    }
    size_t k = 0;
    Rat begin = rat_int(0);
    for (size_t i = 0; i < n; i++) {
        if (rat_eq(weights[i], rat_int(0))) continue;
        Rat end = rat_add(begin, weights[i]);
        Rat b = rat_div(begin, total), e = rat_div(end, total);
        if (!rat_ok(b) || !rat_ok(e)) {
            pat_err_rat(err, rat_ok(b) ? e : b);
            return NULL;
        }
        kids[k] = pat_compress(a, b, e, pats[i], err);
        if (!kids[k]) return NULL;
        k++;
        begin = end;
    }
    const Pattern *r = pat_stack(a, kids, k);
    if (!r) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
    return r;
}
