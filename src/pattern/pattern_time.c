/* pattern_time.c - time transforms: fast/slow, early/late, fastGap,
 * compress, repeatCycles, splitQueries and the generic span/time maps.
 * Each follows Strudel's definition exactly, fused where two steps compose
 * to one exact affine map. */
#include "pattern/pattern.h"

/* ---- fast ------------------------------------------------------------------- */

typedef struct FastData {
    Rat factor, inv; /* inv is invalid (division by zero) when factor is 0 */
    const Pattern *child;
} FastData;

static void fast_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const FastData *d = self->data;
    size_t base = ctx->n;
    Span q = span_make(rat_mul(span.begin, d->factor), rat_mul(span.end, d->factor));
    if (!pat_sub_query(ctx, d->child, q)) return;
    if (ctx->n > base) pat_map_times(ctx, base, d->inv, rat_int(0));
}

const Pattern *pat_fast(Arena *a, Rat factor, const Pattern *p)
{
    if (!p) return NULL;
    if (rat_eq(factor, rat_int(1))) return pat_unpure(a, p);
    FastData *d = ARENA_NEW(a, FastData);
    if (!d) return NULL;
    d->factor = factor;
    d->inv = rat_div(rat_int(1), factor);
    d->child = p;
    return pat_new(a, fast_query, d);
}

const Pattern *pat_slow(Arena *a, Rat factor, const Pattern *p, PatErr *err)
{
    Rat inv = rat_div(rat_int(1), factor);
    if (!rat_ok(inv)) {
        pat_err_rat(err, inv);
        return NULL;
    }
    return pat_fast(a, inv, p);
}

const Pattern *pat_fast_value(Arena *a, Value factor, const Pattern *p, PatErr *err)
{
    /* Strudel: `if (factor === 0) return silence` tests the plain number only */
    if (factor.kind == VAL_NUM && factor.u.num == 0) return pat_silence();
    Rat r = val_to_rat(factor);
    if (!rat_ok(r)) {
        pat_err_rat(err, r);
        return NULL;
    }
    const Pattern *out = pat_fast(a, r, p);
    if (!out) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
    return out;
}

const Pattern *pat_slow_value(Arena *a, Value factor, const Pattern *p, PatErr *err)
{
    if (factor.kind == VAL_NUM && factor.u.num == 0) return pat_silence();
    Rat r = val_to_rat(factor);
    if (!rat_ok(r)) {
        pat_err_rat(err, r);
        return NULL;
    }
    const Pattern *out = pat_slow(a, r, p, err);
    if (!out && err->status == PH_OK) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
    return out;
}

static const Pattern *build_fast(Arena *a, const Value *args, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    return pat_fast_value(a, args[0], p, err);
}

static const Pattern *build_slow(Arena *a, const Value *args, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    return pat_slow_value(a, args[0], p, err);
}

const Pattern *pat_fast_pat(Arena *a, const Pattern *factor, const Pattern *p, PatErr *err)
{
    return pat_patternify(a, build_fast, NULL, 1, &factor, p, err);
}

const Pattern *pat_slow_pat(Arena *a, const Pattern *factor, const Pattern *p, PatErr *err)
{
    return pat_patternify(a, build_slow, NULL, 1, &factor, p, err);
}

/* ---- early / late --------------------------------------------------------------- */

typedef struct ShiftData {
    Rat offset; /* query time + offset, event time - offset */
    const Pattern *child;
} ShiftData;

static void early_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const ShiftData *d = self->data;
    size_t base = ctx->n;
    Span q = span_make(rat_add(span.begin, d->offset), rat_add(span.end, d->offset));
    if (!pat_sub_query(ctx, d->child, q)) return;
    if (ctx->n > base) pat_map_times(ctx, base, rat_int(1), rat_neg(d->offset));
}

const Pattern *pat_early(Arena *a, Rat offset, const Pattern *p)
{
    if (!p) return NULL;
    if (rat_eq(offset, rat_int(0))) return pat_unpure(a, p);
    ShiftData *d = ARENA_NEW(a, ShiftData);
    if (!d) return NULL;
    d->offset = offset;
    d->child = p;
    return pat_new(a, early_query, d);
}

const Pattern *pat_late(Arena *a, Rat offset, const Pattern *p) { return pat_early(a, rat_neg(offset), p); }

/* ---- fastGap / compress ----------------------------------------------------------- */

typedef struct GapData {
    Rat factor, inv; /* fastGap factor and 1/factor */
    Rat shift;       /* compress: the late() applied after fastGap (0 for plain fastGap) */
    const Pattern *child;
} GapData;

/* One cycle piece of fastGap: query the squeezed span, then map the events
 * back, keeping each whole at the same distance from its part (scaled). */
static void fastgap_piece(const GapData *d, PatCtx *ctx, Span piece)
{
    const Rat one = rat_int(1);
    Rat cycle = rat_floor(piece.begin);
    Rat bpos = rat_min(rat_mul(rat_sub(piece.begin, cycle), d->factor), one);
    Rat epos = rat_min(rat_mul(rat_sub(piece.end, cycle), d->factor), one);
    if (!rat_ok(bpos) || !rat_ok(epos)) {
        pat_fail_rat(ctx, rat_ok(bpos) ? epos : bpos);
        return;
    }
    if (rat_ge(bpos, one)) return; /* the piece lies in the gap */
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span_make(rat_add(cycle, bpos), rat_add(cycle, epos)))) return;
    for (size_t i = base; i < ctx->n; i++) {
        PatEvent *e = &ctx->ev[i];
        Rat begin = e->part.begin, end = e->part.end;
        Rat cyc = rat_floor(begin);
        Rat bp = rat_min(rat_mul(rat_sub(begin, cyc), d->inv), one);
        Rat ep = rat_min(rat_mul(rat_sub(end, cyc), d->inv), one);
        e->part = span_make(rat_add(cyc, bp), rat_add(cyc, ep));
        if (e->has_whole) { /* an unfragmented side maps like the part (the common case) */
            e->whole.begin = rat_eq(begin, e->whole.begin)
                                 ? e->part.begin
                                 : rat_sub(e->part.begin, rat_mul(rat_sub(begin, e->whole.begin), d->inv));
            e->whole.end = rat_eq(end, e->whole.end) ? e->part.end
                                                     : rat_add(e->part.end, rat_mul(rat_sub(e->whole.end, end), d->inv));
        }
    }
    pat_check_times(ctx, base);
}

static void gap_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const GapData *d = self->data;
    bool shifted = !rat_eq(d->shift, rat_int(0));
    if (shifted) span = span_make(rat_sub(span.begin, d->shift), rat_sub(span.end, d->shift));
    size_t base = ctx->n;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        fastgap_piece(d, ctx, piece);
        if (ctx->err.status != PH_OK) return;
    }
    if (shifted && ctx->n > base) pat_map_times(ctx, base, rat_int(1), d->shift);
}

static const Pattern *make_gap(Arena *a, Rat factor, Rat shift, const Pattern *p)
{
    if (!p) return NULL;
    GapData *d = ARENA_NEW(a, GapData);
    if (!d) return NULL;
    d->factor = factor;
    d->inv = rat_div(rat_int(1), factor);
    d->shift = shift;
    d->child = p;
    return pat_new(a, gap_query, d);
}

const Pattern *pat_fast_gap(Arena *a, Rat factor, const Pattern *p) { return make_gap(a, factor, rat_int(0), p); }

const Pattern *pat_compress(Arena *a, Rat b, Rat e, const Pattern *p, PatErr *err)
{
    const Rat zero = rat_int(0), one = rat_int(1);
    if (rat_gt(b, e) || rat_gt(b, one) || rat_gt(e, one) || rat_lt(b, zero) || rat_lt(e, zero))
        return pat_silence();
    Rat factor = rat_div(one, rat_sub(e, b));
    if (!rat_ok(factor)) {
        pat_err_rat(err, factor);
        return NULL;
    }
    const Pattern *r = make_gap(a, factor, b, p);
    if (!r) pat_err_set(err, PH_ERR_NOMEM, "out of memory");
    return r;
}

/* ---- repeatCycles ------------------------------------------------------------------ */

typedef struct RepeatData {
    Rat n;
    const Pattern *child;
} RepeatData;

static void repeat_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const RepeatData *d = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat cycle = rat_floor(piece.begin);
        Rat source = rat_floor(rat_div(cycle, d->n));
        Rat delta = rat_sub(cycle, source);
        if (!rat_ok(delta)) {
            pat_fail_rat(ctx, delta);
            return;
        }
        size_t base = ctx->n;
        Span q = span_make(rat_sub(piece.begin, delta), rat_sub(piece.end, delta));
        if (!pat_sub_query(ctx, d->child, q)) return;
        if (ctx->n > base && !pat_map_times(ctx, base, rat_int(1), delta)) return;
    }
}

const Pattern *pat_repeat_cycles(Arena *a, Rat n, const Pattern *p)
{
    if (!p) return NULL;
    RepeatData *d = ARENA_NEW(a, RepeatData);
    if (!d) return NULL;
    d->n = n;
    d->child = p;
    return pat_new(a, repeat_query, d);
}

/* ---- splitQueries and generic maps ---------------------------------------------- */

static void split_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const Pattern *child = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece))
        if (!pat_sub_query(ctx, child, piece)) return;
}

const Pattern *pat_split_queries(Arena *a, const Pattern *p)
{
    if (!p) return NULL;
    return pat_new(a, split_query, p);
}

typedef struct MapData {
    const Pattern *child;
    union {
        PatSpanFn span;
        PatTimeFn time;
    } fn;
    const void *env;
} MapData;

static bool span_valid(PatCtx *ctx, Span s)
{
    if (!rat_ok(s.begin)) return pat_fail_rat(ctx, s.begin);
    if (!rat_ok(s.end)) return pat_fail_rat(ctx, s.end);
    return true;
}

static void query_span_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const MapData *d = self->data;
    Span q;
    if (!d->fn.span(ctx, span, &q, d->env) || ctx->err.status != PH_OK) return;
    if (span_valid(ctx, q)) pat_sub_query(ctx, d->child, q);
}

static void query_time_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const MapData *d = self->data;
    Span q = span_make(d->fn.time(span.begin, d->env), d->fn.time(span.end, d->env));
    if (span_valid(ctx, q)) pat_sub_query(ctx, d->child, q);
}

static void event_span_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const MapData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    size_t w = base;
    for (size_t i = base; i < ctx->n; i++) {
        PatEvent e = ctx->ev[i];
        if (!d->fn.span(ctx, e.part, &e.part, d->env)) continue;
        if (e.has_whole && !d->fn.span(ctx, e.whole, &e.whole, d->env)) continue;
        if (ctx->err.status != PH_OK) return;
        ctx->ev[w++] = e;
    }
    ctx->n = w;
    pat_check_times(ctx, base);
}

static void event_time_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const MapData *d = self->data;
    size_t base = ctx->n;
    if (!pat_sub_query(ctx, d->child, span)) return;
    for (size_t i = base; i < ctx->n; i++) {
        PatEvent *e = &ctx->ev[i];
        e->part = span_make(d->fn.time(e->part.begin, d->env), d->fn.time(e->part.end, d->env));
        if (e->has_whole) e->whole = span_make(d->fn.time(e->whole.begin, d->env), d->fn.time(e->whole.end, d->env));
    }
    pat_check_times(ctx, base);
}

static const Pattern *make_map(Arena *a, const Pattern *p, PatQueryFn q, PatSpanFn sfn, PatTimeFn tfn, const void *env)
{
    if (!p) return NULL;
    MapData *d = ARENA_NEW(a, MapData);
    if (!d) return NULL;
    d->child = p;
    if (sfn) d->fn.span = sfn;
    else d->fn.time = tfn;
    d->env = env;
    return pat_new(a, q, d);
}

const Pattern *pat_with_query_span(Arena *a, const Pattern *p, PatSpanFn fn, const void *env)
{
    return make_map(a, p, query_span_query, fn, NULL, env);
}

const Pattern *pat_with_query_time(Arena *a, const Pattern *p, PatTimeFn fn, const void *env)
{
    return make_map(a, p, query_time_query, NULL, fn, env);
}

const Pattern *pat_with_event_span(Arena *a, const Pattern *p, PatSpanFn fn, const void *env)
{
    return make_map(a, p, event_span_query, fn, NULL, env);
}

const Pattern *pat_with_event_time(Arena *a, const Pattern *p, PatTimeFn fn, const void *env)
{
    return make_map(a, p, event_time_query, NULL, fn, env);
}
