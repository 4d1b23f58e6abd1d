/* transform_layer.c - layering transforms: off superimpose jux juxBy stut
 * echo.
 *
 * Strudel 1.2.6 semantics (pattern.mjs):
 *  - `off t f` is stack(p, f (late t p)); `superimpose f` is stack(p, f p).
 *  - `juxBy by f` is stack(p with pan = (pan or 0.5) - by/2,
 *    f (p with pan = (pan or 0.5) + by/2)); `jux f` is juxBy 1. It reads
 *    `'pan' in value`, so plain (non-control) values make the query fail.
 *  - `echo k t fb` (and `stut k fb t`, the same with the last two swapped) is
 *    stack over i = 0 .. k-1 of (late (t*i) p) with gain SET to fb^i, as
 *    `.gain(x)` does: set.in against pure({gain}), so each copy's events are
 *    also cut at cycle boundaries, and a plain value x becomes
 *    {value: x, gain}. k counts as `Array.from({length: k})` does.
 * The copies of echo are computed at query time in one node, so a huge k
 * costs work units (and hits the query limits), not memory. */
#include <math.h>
#include <string.h>

#include "pattern/transform_b.h"

/* ---- off / superimpose ----------------------------------------------------------------- */

static const Pattern *stack2(Arena *a, const Pattern *x, const Pattern *y, PatErr *err)
{
    if (!x || !y) return patx_check(NULL, err);
    const Pattern *both[2] = { x, y };
    return patx_check(pat_stack(a, both, 2), err);
}

static const Pattern *build_off(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    Rat t;
    if (!patx_rat(v[0], &t, err)) return NULL;
    const Pattern *late = pat_late(a, t, p);
    if (!late) return patx_check(NULL, err);
    const Pattern *shifted = patx_call(env, a, late, err);
    return shifted ? stack2(a, p, shifted, err) : NULL;
}

static const Pattern *apply_off(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patb_patternify_fn(a, build_off, args[1].u.fn, &args[0].u.pat, 1, p, err);
}

static const Pattern *apply_superimpose(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    const Pattern *fp = patx_call(args[0].u.fn, a, p, err);
    return fp ? stack2(a, p, fp, err) : NULL;
}

/* ---- jux / juxBy -------------------------------------------------------------------------- */

typedef struct PanEnv {
    const ValStr *key; /* "pan" */
    double by;         /* by/2 */
    bool plus;         /* the right side: pan + by/2 (else pan - by/2) */
} PanEnv;

/* pan = (pan in v ? v.pan : 0.5) + by, with JS's + (a string pan concatenates). */
static bool pan_shift(PatCtx *ctx, Value in, Value *out, const void *envp)
{
    const PanEnv *env = envp;
    const ValMap *obj;
    if (!patb_need_object(ctx, "jux", in, &obj)) return false;
    const Value *old = val_map_get(obj, "pan", 3);
    Value pan;
    if (old && old->kind == VAL_STR && env->plus) {
        char num[40];
        size_t n = val_format(val_num(env->by), num, sizeof num);
        size_t len = old->u.str->len + n;
        char *text = arena_alloc(ctx->scratch, len + 1);
        if (!text) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
        memcpy(text, old->u.str->data, old->u.str->len);
        memcpy(text + old->u.str->len, num, n);
        const ValStr *s = val_str_make(ctx->scratch, text, len);
        if (!s) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
        pan = val_str(s);
    } else {
        double base = old ? val_to_number(*old) : 0.5;
        pan = val_num(env->plus ? base + env->by : base - env->by);
    }
    ValMapEntry e = { env->key, pan };
    if (!patb_map_set(ctx->scratch, obj, &e, 1, out)) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
    return true;
}

static const Pattern *build_jux(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    double by = val_to_number(v[0]) / 2;
    PanEnv *left = ARENA_NEW(a, PanEnv), *right = ARENA_NEW(a, PanEnv);
    const ValStr *key = patb_key(a, "pan");
    if (!left || !right || !key) return patx_check(NULL, err);
    *left = (PanEnv){ key, by, false };
    *right = (PanEnv){ key, by, true };
    const Pattern *l = pat_fmap(a, p, pan_shift, left);
    const Pattern *r = pat_fmap(a, p, pan_shift, right);
    if (!l || !r) return patx_check(NULL, err);
    const Pattern *fr = patx_call(env, a, r, err);
    return fr ? stack2(a, l, fr, err) : NULL;
}

static const Pattern *apply_jux(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    /* jux calls _juxBy(1, ...) directly: nothing patterned, no join */
    Value one[2] = { val_num(1), val_undef() };
    return build_jux(a, one, p, args[0].u.fn, err);
}

static const Pattern *apply_jux_by(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patb_patternify_fn(a, build_jux, args[1].u.fn, &args[0].u.pat, 1, p, err);
}

/* ---- echo / stut ----------------------------------------------------------------------------- */

typedef struct EchoData {
    int64_t count;
    Rat time;
    double feedback;
    const ValStr *gain_key;
    const Pattern *child;
} EchoData;

/* Copy i's events (at ctx->ev[from..n)) get gain fb^i, each cut at the
 * cycle boundaries of its whole (set.in against a pure pattern). */
static bool echo_gain(PatCtx *ctx, const EchoData *d, size_t from, int64_t i)
{
    size_t mid = ctx->n;
    ValMapEntry gain = { d->gain_key, val_num(pow(d->feedback, (double)i)) };
    for (size_t k = from; k < mid; k++) {
        PatEvent e = ctx->ev[k];
        Value v;
        if (!patb_value_set(ctx->scratch, e.value, &gain, 1, &v)) return pat_fail(ctx, PH_ERR_NOMEM, "out of memory");
        /* the pieces of the whole that meet the part are the pieces of their intersection */
        Span both;
        if (!span_intersect(pat_event_whole_or_part(&e), e.part, &both)) continue;
        PatCycleIter it;
        Span piece;
        pat_cycles_init(&it, both);
        while (pat_cycles_next(ctx, &it, &piece)) {
            PatEvent frag = e;
            frag.value = v;
            if (!span_intersect(e.part, piece, &frag.part)) continue;
            if (!pat_push(ctx, &frag)) return false;
        }
        if (ctx->err.status != PH_OK) return false;
    }
    pat_collapse(ctx, from, mid);
    return true;
}

static void echo_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const EchoData *d = self->data;
    for (int64_t i = 0; i < d->count; i++) {
        Rat shift = rat_mul(d->time, rat_int(i));
        Span q = span_make(rat_sub(span.begin, shift), rat_sub(span.end, shift));
        if (!rat_ok(q.begin) || !rat_ok(q.end)) {
            pat_fail_rat(ctx, rat_ok(q.begin) ? q.end : q.begin);
            return;
        }
        size_t base = ctx->n;
        if (!pat_sub_query(ctx, d->child, q)) return;
        if (ctx->n > base && !pat_map_times(ctx, base, rat_int(1), shift)) return;
        if (!echo_gain(ctx, d, base, i)) return;
    }
}

/* values: count, time, feedback (echo order) */
static const Pattern *build_echo_ctf(Arena *a, const Value *v, const Pattern *p, PatErr *err)
{
    int64_t count;
    /* listRange(0, k - 1): Array.from({length: (k - 1) - 0 + 1}) */
    if (!patb_from_len((val_to_number(v[0]) - 1) + 1, &count)) return patb_bad_count(err, v[0], "at most 2^32-1");
    if (count == 0) return pat_silence();
    EchoData *d = ARENA_NEW(a, EchoData);
    if (!d) return patx_check(NULL, err);
    if (!patx_rat(v[1], &d->time, err)) return NULL;
    d->count = count;
    d->feedback = val_to_number(v[2]);
    d->gain_key = patb_key(a, "gain");
    d->child = p;
    if (!d->gain_key) return patx_check(NULL, err);
    return patx_check(pat_new(a, echo_query, d), err);
}

static const Pattern *build_echo(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    return build_echo_ctf(a, v, p, err);
}

static const Pattern *build_stut(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    Value ctf[3] = { v[0], v[2], v[1] }; /* stut count feedback time */
    return build_echo_ctf(a, ctf, p, err);
}

static const Pattern *apply_echo(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_echo, NULL, args, 3, p, err);
}

static const Pattern *apply_stut(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_stut, NULL, args, 3, p, err);
}

/* ---- the table -------------------------------------------------------------------------------- */

const PatTransformDef pat_transforms_layer[] = {
    PATX_ROW("off", apply_off, "off TIME FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("superimpose", apply_superimpose, "superimpose FUNCTION", 1, PATX_F),
    PATX_ROW("jux", apply_jux, "jux FUNCTION", 1, PATX_F),
    PATX_ROW("juxBy", apply_jux_by, "juxBy WIDTH FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("stut", apply_stut, "stut COUNT FEEDBACK TIME", 3, PATX_P, PATX_P, PATX_P),
    PATX_ROW("echo", apply_echo, "echo COUNT TIME FEEDBACK", 3, PATX_P, PATX_P, PATX_P),
    PAT_TRANSFORM_END,
};
