/* signal.c - continuous patterns and generators: sine cosine saw isaw tri
 * square rand (0..1, one period per cycle), irand run choose.
 *
 * A continuous pattern answers every query with one event: no whole, the
 * query span as its part, the value at the span's begin (Strudel's
 * signal()). The exact time is converted to a double once, t = n/d, and
 * then:
 *   saw = fmod(t, 1)           isaw = 1 - fmod(t, 1)
 *   sine = (sin((pi*2)*t)+1)/2  cosine = sine shifted early by 1/4
 *   square = floor(fmod(t*2, 2)) tri = fastcat [saw, isaw]
 *   rand = Strudel's legacy xorshift rand(t)
 * The generators are compositions, as in signal.mjs:
 *   irand n  = innerJoin of n with rand.fmap(x => trunc(x * n))
 *   run n    = saw.range(0, n).round().segment(n)
 *   choose xs = rand.range(0, len).fmap(i => xs[clamp(floor(i))]).outerJoin() */
#include <math.h>

#include "pattern/rand.h"
#include "pattern/transform_internal.h"

typedef double (*SignalFn)(double t);

static void signal_query(const Pattern *self, PatCtx *ctx, Span span)
{
    SignalFn fn = *(const SignalFn *)self->data;
    PatEvent e = { .part = span, .value = val_num(fn(rat_to_double(span.begin))), .has_whole = false };
    pat_push(ctx, &e);
}

static double sig_saw(double t) { return fmod(t, 1); }
static double sig_isaw(double t) { return 1 - fmod(t, 1); }
static double sig_sine(double t) { return (sin(M_PI * 2 * t) + 1) / 2; }
static double sig_square(double t) { return floor(fmod(t * 2, 2)); }
static double sig_rand(double t) { return rand_at_double(t); }

static const SignalFn fn_saw = sig_saw, fn_isaw = sig_isaw, fn_sine = sig_sine, fn_square = sig_square,
                      fn_rand = sig_rand;

static const Pattern *signal_of(Arena *a, const SignalFn *fn, PatErr *err)
{
    return patx_check(pat_new(a, signal_query, fn), err);
}

static const Pattern *apply_saw(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args, (void)p;
    return signal_of(a, &fn_saw, err);
}

static const Pattern *apply_isaw(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args, (void)p;
    return signal_of(a, &fn_isaw, err);
}

static const Pattern *apply_sine(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args, (void)p;
    return signal_of(a, &fn_sine, err);
}

static const Pattern *apply_cosine(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args, (void)p;
    const Pattern *s = signal_of(a, &fn_sine, err);
    return s ? patx_check(pat_early(a, rat_make(1, 4), s), err) : NULL;
}

static const Pattern *apply_square(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args, (void)p;
    return signal_of(a, &fn_square, err);
}

static const Pattern *apply_tri(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args, (void)p;
    const Pattern *halves[2] = { signal_of(a, &fn_saw, err), signal_of(a, &fn_isaw, err) };
    if (!halves[0] || !halves[1]) return NULL;
    return patx_check(pat_fastcat(a, halves, 2), err);
}

static const Pattern *apply_rand(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args, (void)p;
    return signal_of(a, &fn_rand, err);
}

/* ---- irand ------------------------------------------------------------------------------ */

static bool irand_value(PatCtx *ctx, Value in, Value *out, const void *env)
{
    (void)ctx;
    *out = val_num(trunc(in.u.num * *(const double *)env));
    return true;
}

static const Pattern *irand_inner(PatCtx *ctx, Value n, const void *env)
{
    (void)env;
    double *scale = ARENA_NEW(ctx->scratch, double);
    const Pattern *r = scale ? pat_new(ctx->scratch, signal_query, &fn_rand) : NULL;
    if (!r) return NULL;
    *scale = val_to_number(n);
    return pat_fmap(ctx->scratch, r, irand_value, scale);
}

static const Pattern *apply_irand(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)p;
    return patx_check(pat_inner_bind(a, args[0].u.pat, irand_inner, NULL), err);
}

/* ---- run ------------------------------------------------------------------------------------ */

/* JS Math.round: to the nearest integer, halves towards +infinity. */
static double js_round(double x)
{
    double f = floor(x);
    return x - f >= 0.5 ? f + 1 : f;
}

static bool round_value(PatCtx *ctx, Value in, Value *out, const void *env)
{
    (void)env;
    double x = val_to_number(in);
    if (x != x) return pat_fail(ctx, PH_ERR_TYPE, "cannot parse as numeral");
    *out = val_num(js_round(x));
    return true;
}

static const Pattern *build_range(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    return patx_range(a, val_to_number(v[0]), val_to_number(v[1]), p, err);
}

static const Pattern *build_segment(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    return patx_segment(a, v[0], p, err);
}

static const Pattern *apply_run(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)p;
    const Pattern *range_args[2] = { pat_pure(a, val_num(0)), args[0].u.pat };
    const Pattern *saw = signal_of(a, &fn_saw, err);
    if (!saw || !range_args[0]) return patx_check(NULL, err);
    const Pattern *ranged = pat_patternify(a, build_range, NULL, 2, range_args, saw, err);
    const Pattern *rounded = ranged ? pat_fmap(a, ranged, round_value, NULL) : NULL;
    if (!rounded) return patx_check(NULL, err);
    return pat_patternify(a, build_segment, NULL, 1, &args[0].u.pat, rounded, err);
}

/* ---- choose ----------------------------------------------------------------------------------- */

typedef struct ChooseEnv {
    const Pattern *const *items;
    size_t n;
} ChooseEnv;

static const Pattern *choose_inner(PatCtx *ctx, Value v, const void *envp)
{
    const ChooseEnv *env = envp;
    double i = floor(val_to_number(v));
    double hi = (double)(env->n - 1);
    size_t key = i > 0 ? (i < hi ? (size_t)i : env->n - 1) : 0; /* min(max(i, 0), n-1); NaN -> 0 */
    (void)ctx;
    return env->items[key];
}

static const Pattern *apply_choose(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)p;
    size_t n = args[0].u.list.n;
    if (n == 0) return pat_silence();
    ChooseEnv *env = ARENA_NEW(a, ChooseEnv);
    const Pattern *r = signal_of(a, &fn_rand, err);
    if (!env || !r) return patx_check(NULL, err);
    env->items = args[0].u.list.items;
    env->n = n;
    const Pattern *ranged = patx_range(a, 0, (double)n, r, err);
    return ranged ? patx_check(pat_outer_bind(a, ranged, choose_inner, env), err) : NULL;
}

/* ---- the table ---------------------------------------------------------------------------------- */

const PatTransformDef pat_transforms_signal[] = {
    PATX_GEN("sine", apply_sine, "sine", 0, PATX_P),
    PATX_GEN("cosine", apply_cosine, "cosine", 0, PATX_P),
    PATX_GEN("saw", apply_saw, "saw", 0, PATX_P),
    PATX_GEN("isaw", apply_isaw, "isaw", 0, PATX_P),
    PATX_GEN("tri", apply_tri, "tri", 0, PATX_P),
    PATX_GEN("square", apply_square, "square", 0, PATX_P),
    PATX_GEN("rand", apply_rand, "rand", 0, PATX_P),
    PATX_GEN("irand", apply_irand, "irand N", 1, PATX_P),
    PATX_GEN("run", apply_run, "run N", 1, PATX_P),
    PATX_GEN("choose", apply_choose, "choose [VALUE, ...]", 1, PATX_L),
    PAT_TRANSFORM_END,
};
