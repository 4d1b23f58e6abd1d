/* transform_time.c - time transforms: fast slow hurry early late rotL rotR
 * zoom compress fastGap linger ply press pressBy segment range.
 *
 * Each is Strudel 1.2.6's definition (pattern.mjs), patternified as its
 * register() does: plain arguments are used directly, patterned ones through
 * an innerJoin (patx_patternify). Numbers used as times become exact
 * fractions with fraction.js's rules (val_to_rat). */
#include <math.h>
#include <string.h>

#include "pattern/arith.h"
#include "pattern/transform_internal.h"

/* ---- fast / slow / hurry ------------------------------------------------------------ */

static const Pattern *apply_fast(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return pat_fast_pat(a, args[0].u.pat, p, err);
}

static const Pattern *apply_slow(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return pat_slow_pat(a, args[0].u.pat, p, err);
}

/* hurry r = fast r, then .mul(pure({speed: r})): speed multiplied, or set
 * to r when absent; a plain value x becomes {value: x, speed: r}. */
static int hurry_value(PatCtx *ctx, Value x, Value r, Value *out, const void *env)
{
    (void)env;
    ValMapEntry speed = r.u.map->e[0]; /* {speed: r} */
    const ValMap *m = NULL;
    if (x.kind != VAL_MAP) {
        ValMapEntry e[2] = { { val_str_make(ctx->scratch, "value", 5), x }, speed };
        m = e[0].key ? val_map_make(ctx->scratch, e, 2) : NULL;
    } else {
        const Value *old = val_map_get(x.u.map, "speed", 5);
        if (old) {
            double s = val_to_number(*old);
            if (s != s) return pat_fail(ctx, PH_ERR_TYPE, "cannot parse speed as numeral"), -1;
            speed.val = val_num(s * speed.val.u.num);
        }
        const ValMap *one = val_map_make(ctx->scratch, &speed, 1);
        m = one ? val_map_union(ctx->scratch, x.u.map, one) : NULL;
    }
    if (!m) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory"), -1;
    *out = val_map(m);
    return 1;
}

static const Pattern *build_hurry(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    const Pattern *fast = pat_fast_value(a, v[0], p, err);
    if (!fast) return NULL;
    double r;
    if (!patx_number(v[0], &r, err)) return NULL;
    ValMapEntry e = { val_str_make(a, "speed", 5), val_num(r) };
    const ValMap *m = e.key ? val_map_make(a, &e, 1) : NULL;
    const Pattern *speed = m ? pat_pure(a, val_map(m)) : NULL;
    if (!speed) return patx_check(NULL, err);
    return patx_check(pat_app_left(a, fast, speed, hurry_value, NULL), err);
}

static const Pattern *apply_hurry(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_hurry, NULL, args, 1, p, err);
}

/* ---- early / late ---------------------------------------------------------------------- */

static const Pattern *build_shift(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    Rat o;
    if (!patx_rat(v[0], &o, err)) return NULL;
    bool late = env != NULL;
    return patx_check(late ? pat_late(a, o, p) : pat_early(a, o, p), err);
}

static const char late_tag = 1;

static const Pattern *apply_early(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_shift, NULL, args, 1, p, err);
}

static const Pattern *apply_late(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_shift, &late_tag, args, 1, p, err);
}

/* ---- zoom ---------------------------------------------------------------------------------- */

typedef struct ZoomData {
    Rat s, d; /* start and width of the zoomed window */
    const Pattern *child;
} ZoomData;

/* TimeSpan.withCycle: t -> sam + f(t - sam), sam taken from the span's begin. */
static Span with_cycle(Span x, Rat mul, Rat add, bool inverse)
{
    Rat sam = rat_floor(x.begin);
    Rat b = rat_sub(x.begin, sam), e = rat_sub(x.end, sam);
    if (inverse) {
        b = rat_div(rat_sub(b, add), mul);
        e = rat_div(rat_sub(e, add), mul);
    } else {
        b = rat_add(rat_mul(b, mul), add);
        e = rat_add(rat_mul(e, mul), add);
    }
    return span_make(rat_add(sam, b), rat_add(sam, e));
}

/* splitQueries, then the query span maps t -> t*d + s within its cycle and
 * every event span (part and whole, each with its own cycle) t -> (t-s)/d. */
static void zoom_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const ZoomData *z = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        size_t base = ctx->n;
        if (!pat_sub_query(ctx, z->child, with_cycle(piece, z->d, z->s, false))) return;
        for (size_t i = base; i < ctx->n; i++) {
            PatEvent *e = &ctx->ev[i];
            e->part = with_cycle(e->part, z->d, z->s, true);
            if (e->has_whole) e->whole = with_cycle(e->whole, z->d, z->s, true);
        }
        if (!pat_check_times(ctx, base)) return;
    }
}

static const Pattern *zoom_rat(Arena *a, Rat s, Rat e, const Pattern *p, PatErr *err)
{
    if (rat_ge(s, e)) return pat_silence(); /* Strudel's `nothing` */
    ZoomData *z = ARENA_NEW(a, ZoomData);
    if (!z) return patx_check(NULL, err);
    z->s = s;
    z->d = rat_sub(e, s);
    z->child = p;
    if (!rat_ok(z->d)) return pat_err_rat(err, z->d), NULL;
    return patx_check(pat_new(a, zoom_query, z), err);
}

static const Pattern *build_zoom(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    Rat s, e;
    if (!patx_rat(v[1], &e, err) || !patx_rat(v[0], &s, err)) return NULL;
    return zoom_rat(a, s, e, p, err);
}

static const Pattern *apply_zoom(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_zoom, NULL, args, 2, p, err);
}

/* ---- compress / fastGap ------------------------------------------------------------------- */

static const Pattern *build_compress(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    Rat b, e;
    if (!patx_rat(v[0], &b, err) || !patx_rat(v[1], &e, err)) return NULL;
    return pat_compress(a, b, e, p, err);
}

static const Pattern *apply_compress(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_compress, NULL, args, 2, p, err);
}

static const Pattern *build_fastgap(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    Rat f;
    if (!patx_rat(v[0], &f, err)) return NULL;
    return patx_check(pat_fast_gap(a, f, p), err);
}

static const Pattern *apply_fastgap(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_fastgap, NULL, args, 1, p, err);
}

/* ---- linger ------------------------------------------------------------------------------------ */

/* t == 0: silence; t > 0: zoom(0, t) then slow(t). A negative t throws in
 * Strudel 1.2.6 (`t.add` on a number), so it is an error here too. */
static const Pattern *build_linger(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    double t = val_to_number(v[0]);
    if (t == 0) return pat_silence();
    if (t < 0) return patx_fail(err, PH_ERR_TYPE, "linger: a negative amount is not supported");
    Rat r;
    if (!patx_rat(v[0], &r, err)) return NULL;
    const Pattern *z = zoom_rat(a, rat_int(0), r, p, err);
    return z ? pat_slow_value(a, v[0], z, err) : NULL;
}

static const Pattern *apply_linger(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_linger, NULL, args, 1, p, err);
}

/* ---- ply / press / pressBy --------------------------------------------------------------------- */

/* ply: each event's value as pure(x).fast(factor), squeezed into the event. */
static const Pattern *ply_inner(PatCtx *ctx, Value x, const void *env)
{
    const Value *factor = env;
    PatErr err = { PH_OK, "" };
    const Pattern *pure = pat_pure(ctx->scratch, x);
    const Pattern *r = pure ? pat_fast_value(ctx->scratch, *factor, pure, &err) : NULL;
    if (!r && err.status != PH_OK) pat_fail(ctx, err.status, "%s", err.msg);
    return r;
}

static const Pattern *build_ply(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    Value *factor = ARENA_NEW(a, Value);
    if (!factor) return patx_check(NULL, err);
    *factor = v[0]; /* converted per event, at query time, as Strudel does */
    return patx_check(pat_squeeze_bind(a, p, ply_inner, factor), err);
}

static const Pattern *apply_ply(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_ply, NULL, args, 1, p, err);
}

/* pressBy r: each event's value as pure(x).compress(r, 1), squeezed in. */
static const Pattern *press_inner(PatCtx *ctx, Value x, const void *env)
{
    const Rat *r = env;
    PatErr err = { PH_OK, "" };
    const Pattern *pure = pat_pure(ctx->scratch, x);
    const Pattern *c = pure ? pat_compress(ctx->scratch, *r, rat_int(1), pure, &err) : NULL;
    if (!c && err.status != PH_OK) pat_fail(ctx, err.status, "%s", err.msg);
    return c;
}

static const Pattern *build_press(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    Rat *r = ARENA_NEW(a, Rat);
    if (!r) return patx_check(NULL, err);
    if (!patx_rat(v[0], r, err)) return NULL;
    return patx_check(pat_squeeze_bind(a, p, press_inner, r), err);
}

static const Pattern *apply_press_by(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_press, NULL, args, 1, p, err);
}

static const Pattern *apply_press(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args;
    Value half = val_num(0.5);
    return build_press(a, &half, p, NULL, err);
}

/* ---- segment / range ------------------------------------------------------------------------------ */

const Pattern *patx_segment(Arena *a, Value n, const Pattern *p, PatErr *err)
{
    const Pattern *on = pat_pure(a, val_bool(true));
    const Pattern *steps = on ? pat_fast_value(a, n, on, err) : NULL;
    if (!steps) return patx_check(NULL, err);
    return patx_check(pat_struct(a, steps, p), err);
}

static const Pattern *build_segment(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    return patx_segment(a, v[0], p, err);
}

static const Pattern *apply_segment(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_segment, NULL, args, 1, p, err);
}

const Pattern *patx_range(Arena *a, double min, double max, const Pattern *p, PatErr *err)
{
    const Pattern *width = pat_pure(a, val_num(max - min));
    const Pattern *low = pat_pure(a, val_num(min));
    if (!width || !low) return patx_check(NULL, err);
    const Pattern *scaled = pat_arith(a, PAT_OP_MUL, PAT_SIDE_LEFT, p, width, err);
    return scaled ? pat_arith(a, PAT_OP_ADD, PAT_SIDE_LEFT, scaled, low, err) : NULL;
}

static const Pattern *build_range(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    return patx_range(a, val_to_number(v[0]), val_to_number(v[1]), p, err);
}

static const Pattern *apply_range(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_range, NULL, args, 2, p, err);
}

/* ---- the table --------------------------------------------------------------------------------------- */

const PatTransformDef pat_transforms_time[] = {
    PATX_ROW("fast", apply_fast, "fast FACTOR", 1, PATX_P),
    PATX_ROW("slow", apply_slow, "slow FACTOR", 1, PATX_P),
    PATX_ROW("hurry", apply_hurry, "hurry FACTOR", 1, PATX_P),
    PATX_ROW("early", apply_early, "early CYCLES", 1, PATX_P),
    PATX_ROW("late", apply_late, "late CYCLES", 1, PATX_P),
    PATX_ROW("rotL", apply_early, "rotL CYCLES", 1, PATX_P),
    PATX_ROW("rotR", apply_late, "rotR CYCLES", 1, PATX_P),
    PATX_ROW("zoom", apply_zoom, "zoom START END", 2, PATX_P, PATX_P),
    PATX_ROW("compress", apply_compress, "compress START END", 2, PATX_P, PATX_P),
    PATX_ROW("fastGap", apply_fastgap, "fastGap FACTOR", 1, PATX_P),
    PATX_ROW("linger", apply_linger, "linger FRACTION", 1, PATX_P),
    PATX_ROW("ply", apply_ply, "ply FACTOR", 1, PATX_P),
    PATX_ROW("press", apply_press, "press", 0, PATX_P),
    PATX_ROW("pressBy", apply_press_by, "pressBy FRACTION", 1, PATX_P),
    PATX_ROW("segment", apply_segment, "segment STEPS", 1, PATX_P),
    PATX_ROW("range", apply_range, "range LOW HIGH", 2, PATX_P, PATX_P),
    PAT_TRANSFORM_END,
};
