/* transform_sample.c - sample manipulation: chop striate slice splice.
 *
 * Strudel 1.2.6 semantics (pattern.mjs, "Control-related functions"):
 *  - `chop n`: squeezeBind of each event into a sequence of n maps
 *    {begin: i/n, end: (i+1)/n} (JS doubles, n as given, the length
 *    truncated as Array.from does), merged into the event's map; when the
 *    event already has both begin and end, the slice is taken within them:
 *    b + (i/n)*(e-b). The squeeze uses the event's whole, so a fragment gets
 *    only the slices inside its part. Continuous events are dropped; a plain
 *    value makes the query fail (`'begin' in a`); a list `a:b` counts as the
 *    object {"0": a, "1": b}, as in JS.
 *  - `striate n`: p.set(slowcat of those n maps).fast(n): the i-th of n fast
 *    copies of each cycle plays slice i.
 *  - `slice n i` / `splice n i` (transform_sample_slice.c).
 * chop and striate compute their slices at query time, so a huge n costs
 * events (and hits the query's event limit), not memory. */
#include <math.h>

#include "pattern/control.h"
#include "pattern/transform_b.h"

/* ---- chop ----------------------------------------------------------------------------------- */

typedef struct ChopData {
    int64_t len;           /* slices */
    double n;              /* the divisor, as given (chop 2.5: two slices of 0.4) */
    const ValStr *kb, *ke; /* "begin", "end" */
    const Pattern *child;
} ChopData;

/* merge(o, {begin: i/n, end: (i+1)/n}) */
static bool chop_value(PatCtx *ctx, const ChopData *d, const ValMap *o, int64_t i, Value *out)
{
    double b = (double)i / d->n, e = (double)(i + 1) / d->n;
    bool hb, he;
    double ob = patb_map_num(o, "begin", &hb), oe = patb_map_num(o, "end", &he);
    if (hb && he) {
        double w = oe - ob;
        b = ob + b * w;
        e = ob + e * w;
    }
    ValMapEntry set[2] = { { d->kb, val_num(b) }, { d->ke, val_num(e) } };
    if (!patb_map_set(ctx->scratch, o, set, 2, out)) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
    return true;
}

/* The slices of one event that meet its part (squeezeJoin's munge). */
static bool chop_event(PatCtx *ctx, const ChopData *d, const PatEvent *ev, const ValMap *obj)
{
    Span w = ev->whole;
    Rat dur = rat_sub(w.end, w.begin);
    Rat len = rat_int(d->len);
    Rat pb = rat_mul(rat_div(rat_sub(ev->part.begin, w.begin), dur), len);
    Rat pe = rat_mul(rat_div(rat_sub(ev->part.end, w.begin), dur), len);
    if (!rat_ok(pb) || !rat_ok(pe)) return pat_fail_rat(ctx, rat_ok(pb) ? pe : pb);
    int64_t k0 = rat_floor(pb).num, k1 = rat_eq(pb, pe) ? k0 : rat_ceil(pe).num - 1;
    if (k0 < 0) k0 = 0;
    if (k1 > d->len - 1) k1 = d->len - 1;
    for (int64_t k = k0; k <= k1; k++) {
        Span slice = span_make(rat_add(w.begin, rat_mul(dur, rat_make(k, d->len))),
                               rat_add(w.begin, rat_mul(dur, rat_make(k + 1, d->len))));
        PatEvent e = { .has_whole = true };
        if (!span_intersect(slice, w, &e.whole) || !span_intersect(slice, ev->part, &e.part)) continue;
        if (!chop_value(ctx, d, obj, k, &e.value)) return false;
        if (!pat_push(ctx, &e)) return false;
    }
    return true;
}

static void chop_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const ChopData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    size_t mid = ctx->n;
    for (size_t i = base; i < mid; i++) {
        PatEvent ev = ctx->ev[i];
        const ValMap *obj;
        if (!patb_need_object(ctx, "chop", ev.value, &obj)) return;
        if (!ev.has_whole) continue; /* squeezeJoin: discrete events only */
        if (!chop_event(ctx, d, &ev, obj)) return;
    }
    pat_collapse(ctx, base, mid);
}

static const Pattern *build_chop(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    double n = val_to_number(v[0]);
    int64_t len;
    if (!patb_from_len(n, &len)) return patb_bad_count(err, v[0], "at most 2^32-1");
    if (len == 0) return pat_silence(); /* sequence() of nothing */
    ChopData *d = ARENA_NEW(a, ChopData);
    if (!d) return patx_check(NULL, err);
    *d = (ChopData){ len, n, patb_key(a, "begin"), patb_key(a, "end"), p };
    if (!d->kb || !d->ke) return patx_check(NULL, err);
    return patx_check(pat_new(a, chop_query, d), err);
}

static const Pattern *apply_chop(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_chop, NULL, args, 1, p, err);
}

/* ---- striate ---------------------------------------------------------------------------------- */

/* slowcat({begin: 0, end: 1/n}, ..., {begin: (len-1)/n, end: len/n}): cycle
 * c holds map c mod len. */
static void striate_slices_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const ChopData *d = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat cycle = rat_floor(piece.begin);
        int64_t i = cycle.num % d->len;
        if (i < 0) i += d->len;
        ValMapEntry e[2] = { { d->kb, val_num((double)i / d->n) }, { d->ke, val_num((double)(i + 1) / d->n) } };
        const ValMap *m = val_map_make(ctx->scratch, e, 2);
        if (!m) {
            pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
            return;
        }
        PatEvent ev = { .whole = span_make(cycle, rat_next_sam(cycle)), .part = piece, .value = val_map(m), .has_whole = true };
        if (!pat_push(ctx, &ev)) return;
    }
}

static const Pattern *build_striate(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    double n = val_to_number(v[0]);
    int64_t len;
    if (!patb_from_len(n, &len)) return patb_bad_count(err, v[0], "at most 2^32-1");
    if (len == 0) return pat_silence(); /* slowcat() of nothing */
    ChopData *d = ARENA_NEW(a, ChopData);
    if (!d) return patx_check(NULL, err);
    *d = (ChopData){ len, n, patb_key(a, "begin"), patb_key(a, "end"), NULL };
    const Pattern *slices = d->kb && d->ke ? pat_new(a, striate_slices_query, d) : NULL;
    const Pattern *set = slices ? pat_set(a, p, slices) : NULL;
    if (!set) return patx_check(NULL, err);
    return pat_fast_value(a, v[0], set, err);
}

static const Pattern *apply_striate(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_striate, NULL, args, 1, p, err);
}

/* ---- the table ----------------------------------------------------------------------------------- */

const PatTransformDef pat_transforms_sample[] = {
    PATX_ROW("chop", apply_chop, "chop N", 1, PATX_P),
    PATX_ROW("striate", apply_striate, "striate N", 1, PATX_P),
    PATX_ROW("slice", patb_apply_slice, "slice N INDICES", 2, PATX_P, PATX_P),
    PATX_ROW("splice", patb_apply_splice, "splice N INDICES", 2, PATX_P, PATX_P),
    PAT_TRANSFORM_END,
};
