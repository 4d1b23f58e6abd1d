/* transform_random_rearrange.c - shuffle and scramble: each cycle cut into
 * n slices, played back in a random order.
 *
 * Strudel 1.2.6 (signal.mjs _rearrangeWith): with pats[k] = zoom(k/n,
 * (k+1)/n) p, the result is ipat.fmap(k => pats[k].repeatCycles(n).fast(n))
 * .innerJoin(), where ipat has one event per slice j of cycle c:
 *  - shuffle: randrun(n): the n signed values of timeToRands(c + 0.5, n)
 *    sorted stably ascending; slice j plays the index of the j-th smallest.
 *    For n == 1 Strudel's randrun throws (timeToRands gives a number, not a
 *    list), so the query fails the same way (a silent cycle).
 *  - scramble: irand(n).segment(n): slice j plays trunc(rand(c + j/n) * n).
 * So slice j of cycle c plays slice k of source cycle c. Each slice is one
 * sub-query here with the zoom / repeatCycles / fast maps applied directly
 * (no pattern is built per slice), and only the slices that meet the query
 * are visited, so a huge n costs work units, not memory. n must be a valid
 * `Array(n)` length; 0 is silence. */
#include <math.h>
#include <stdlib.h>

#include "pattern/rand.h"
#include "pattern/transform_b.h"

typedef struct RearrData {
    int64_t n;
    bool shuffle;
    const Pattern *child;
} RearrData;

typedef struct RankItem {
    double v;
    int64_t i;
} RankItem;

static int rank_cmp(const void *pa, const void *pb)
{
    const RankItem *a = pa, *b = pb;
    if (a->v != b->v) return a->v < b->v ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i); /* a stable sort keeps index order on ties */
}

/* randrun(n) for cycle c: order[j] = the index with the j-th smallest value. */
static int64_t *shuffle_order(PatCtx *ctx, Rat cycle, int64_t n)
{
    if (n == 1) { /* getRandsAtTime(t, 1) is a number: `.map` throws */
        pat_fail(ctx, PH_ERR_TYPE, "shuffle: rands.map is not a function (n = 1)");
        return NULL;
    }
    if (n > 0x7fffffff || !pat_work(ctx, (uint64_t)n)) {
        pat_fail(ctx, PH_ERR_LIMIT, "shuffle: too many slices to order in one query");
        return NULL;
    }
    Rat t = rat_add(cycle, rat_make(1, 2));
    if (!rat_ok(t)) {
        pat_fail_rat(ctx, t);
        return NULL;
    }
    double *vals = ARENA_ARRAY(ctx->scratch, double, n);
    RankItem *items = ARENA_ARRAY(ctx->scratch, RankItem, n);
    int64_t *order = ARENA_ARRAY(ctx->scratch, int64_t, n);
    if (!vals || !items || !order) {
        pat_fail(ctx, PH_ERR_NOMEM, "shuffle: out of query scratch memory");
        return NULL;
    }
    rand_at_n(rat_to_double(t), (int)n, vals);
    for (int64_t i = 0; i < n; i++) items[i] = (RankItem){ vals[i], i };
    qsort(items, (size_t)n, sizeof *items, rank_cmp);
    for (int64_t j = 0; j < n; j++) order[j] = items[j].i;
    return order;
}

/* TimeSpan.withCycle(t => (t - s) / d): relative to the span's own cycle. */
static Span unzoom_span(Span x, Rat s, Rat d)
{
    Rat sam = rat_floor(x.begin);
    Rat b = rat_add(sam, rat_div(rat_sub(rat_sub(x.begin, sam), s), d));
    Rat e = rat_add(sam, rat_div(rat_sub(rat_sub(x.end, sam), s), d));
    return span_make(b, e);
}

/* Slice j of cycle c plays slice k: query zoom(k/n, (k+1)/n).repeatCycles(n)
 * .fast(n) over part (which lies within slice j). */
static bool rearr_slice(PatCtx *ctx, const RearrData *d, Rat cycle, int64_t j, int64_t k, Span part)
{
    Rat n = rat_int(d->n);
    Rat delta = rat_sub(rat_add(rat_mul(cycle, n), rat_int(j)), cycle); /* repeatCycles' shift */
    Rat s = rat_make(k, d->n), dz = rat_make(1, d->n);
    /* fast(n), then repeatCycles: q2 lies within source cycle c */
    Span q2 = span_make(rat_sub(rat_mul(part.begin, n), delta), rat_sub(rat_mul(part.end, n), delta));
    Rat sam = rat_floor(q2.begin);
    Span q3 = span_make(rat_add(rat_add(sam, rat_mul(rat_sub(q2.begin, sam), dz)), s),
                        rat_add(rat_add(sam, rat_mul(rat_sub(q2.end, sam), dz)), s));
    if (!rat_ok(q3.begin) || !rat_ok(q3.end)) return pat_fail_rat(ctx, rat_ok(q3.begin) ? q3.end : q3.begin);
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, q3)) return false;
    for (size_t i = base; i < ctx->n; i++) {
        PatEvent *e = &ctx->ev[i];
        e->part = unzoom_span(e->part, s, dz);
        if (e->has_whole) e->whole = unzoom_span(e->whole, s, dz);
    }
    /* + delta (repeatCycles), / n (fast) */
    return pat_map_times(ctx, base, rat_make(1, d->n), rat_div(delta, n));
}

static void rearr_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const RearrData *d = self->data;
    Rat n = rat_int(d->n);
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat cycle = rat_floor(piece.begin);
        Rat b = rat_mul(rat_sub(piece.begin, cycle), n), e = rat_mul(rat_sub(piece.end, cycle), n);
        if (!rat_ok(b) || !rat_ok(e)) {
            pat_fail_rat(ctx, rat_ok(b) ? e : b);
            return;
        }
        int64_t j0 = rat_floor(b).num;
        int64_t j1 = rat_eq(b, e) ? j0 : rat_ceil(e).num - 1;
        if (j1 > d->n - 1) j1 = d->n - 1;
        const int64_t *order = NULL;
        if (d->shuffle && j0 <= j1 && !(order = shuffle_order(ctx, cycle, d->n))) return;
        for (int64_t j = j0; j <= j1; j++) {
            Span slice = span_make(rat_add(cycle, rat_make(j, d->n)), rat_add(cycle, rat_make(j + 1, d->n))), part;
            if (!span_intersect(piece, slice, &part)) continue;
            int64_t k;
            if (d->shuffle) {
                k = order[j];
            } else {
                double r = trunc(rand_at(slice.begin) * (double)d->n);
                k = r < 0 ? 0 : r > (double)(d->n - 1) ? d->n - 1 : (int64_t)r;
            }
            if (!rearr_slice(ctx, d, cycle, j, k, part)) return;
        }
    }
}

static const char shuffle_tag = 1;

static const Pattern *build_rearrange(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    bool shuffle = env != NULL;
    int64_t n;
    /* [...Array(n).keys()] */
    if (!patb_array_len(val_to_number(v[0]), &n)) return patb_bad_count(err, v[0], "a whole number >= 0");
    if (n == 0) return pat_silence();
    RearrData *d = ARENA_NEW(a, RearrData);
    if (!d) return patx_check(NULL, err);
    *d = (RearrData){ n, shuffle, p };
    return patx_check(pat_new(a, rearr_query, d), err);
}

const Pattern *patb_apply_shuffle(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_rearrange, &shuffle_tag, args, 1, p, err);
}

const Pattern *patb_apply_scramble(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_rearrange, NULL, args, 1, p, err);
}
