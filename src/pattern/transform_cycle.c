/* transform_cycle.c - transforms that work cycle by cycle: rev palindrome
 * iter iterBack chunk chunkBack brak inside outside swingBy swing.
 *
 * Strudel builds several of these from arrays of patterns (iter is a
 * slowcat of n shifted copies, chunk an innerJoin with a sequence of n
 * booleans). Here each is one query that computes, per cycle, which copy or
 * slot applies, so `iter 1000000000` costs nothing until queried and a query
 * stays within the work limit. The events are the same. */
#include <math.h>

#include "pattern/transform_internal.h"

/* floor(a / n) and a mod n (the sign of n), n > 0 */
static int64_t floor_div(int64_t a, int64_t n)
{
    int64_t q = a / n;
    return (a % n != 0 && (a < 0) != (n < 0)) ? q - 1 : q;
}

static int64_t pos_mod(int64_t a, int64_t n)
{
    int64_t m = a % n;
    return m < 0 ? m + n : m;
}

/* ---- rev ---------------------------------------------------------------------------- */

/* The cycle's reflection t -> cycle + next - t, begin and end swapped. */
static Span reflect(Span s, Rat mirror)
{
    return span_make(rat_sub(mirror, s.end), rat_sub(mirror, s.begin));
}

static void rev_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const Pattern *child = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat cycle = rat_floor(piece.begin);
        Rat mirror = rat_add(cycle, rat_next_sam(cycle)); /* cycle + next_cycle */
        size_t base = ctx->n;
        if (!pat_sub_query(ctx, child, reflect(piece, mirror))) return;
        for (size_t i = base; i < ctx->n; i++) {
            PatEvent *e = &ctx->ev[i];
            e->part = reflect(e->part, mirror);
            if (e->has_whole) e->whole = reflect(e->whole, mirror);
        }
        if (!pat_check_times(ctx, base)) return;
    }
}

static const Pattern *rev_of(Arena *a, const Pattern *p) { return p ? pat_new(a, rev_query, p) : NULL; }

static const Pattern *apply_rev(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args;
    return patx_check(rev_of(a, p), err);
}

/* ---- palindrome: lastOf 2 rev ---------------------------------------------------------- */

typedef struct PairData {
    const Pattern *a, *b;
} PairData;

/* slowcatPrime(p, rev p): cycle c plays pats[c % 2] with JS's truncating %,
 * so an odd negative cycle (index -1) plays nothing. No time shift. */
static void palindrome_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const PairData *d = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        int64_t r = rat_floor(piece.begin).num % 2;
        if (r < 0) continue;
        if (!pat_sub_query(ctx, r ? d->b : d->a, piece)) return;
    }
}

static const Pattern *apply_palindrome(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args;
    PairData *d = ARENA_NEW(a, PairData);
    if (!d) return patx_check(NULL, err);
    d->a = p;
    d->b = rev_of(a, p);
    return patx_check(d->b ? pat_new(a, palindrome_query, d) : NULL, err);
}

/* ---- iter / iterBack ----------------------------------------------------------------------- */

typedef struct IterData {
    Rat n;         /* the shift unit is 1/n of a cycle */
    int64_t count; /* copies in the slowcat */
    bool back;
    const Pattern *child;
} IterData;

/* slowcat of early(i/n) (late for iterBack), i = 0..count-1: cycle c plays
 * copy i = c mod count, at source cycle floor(c/count). */
static void iter_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const IterData *d = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        int64_t c = rat_floor(piece.begin).num;
        int64_t i = pos_mod(c, d->count);
        Rat offset = rat_int(c - floor_div(c, d->count)); /* slowcat's shift */
        Rat shift = rat_div(rat_int(i), d->n);            /* early by shift */
        if (d->back) shift = rat_neg(shift);
        Rat q = rat_sub(shift, offset);
        if (!rat_ok(q)) {
            pat_fail_rat(ctx, q);
            return;
        }
        size_t base = ctx->n;
        if (!pat_sub_query(ctx, d->child, span_make(rat_add(piece.begin, q), rat_add(piece.end, q)))) return;
        if (ctx->n > base && !pat_map_times(ctx, base, rat_int(1), rat_neg(q))) return;
    }
}

const Pattern *patx_iter(Arena *a, Rat n, int64_t count, bool back, const Pattern *p)
{
    if (count <= 0) return pat_silence();
    if (count == 1) return pat_unpure(a, p); /* slowcat of one pattern is that pattern (early 0) */
    IterData *d = ARENA_NEW(a, IterData);
    if (!d || !p) return NULL;
    *d = (IterData){ n, count, back, p };
    return pat_new(a, iter_query, d);
}

/* listRange(0, n - 1) has ToLength(n) elements: n truncated, 0 if not positive. */
static int64_t js_count(Rat n)
{
    double x = rat_to_double(rat_sub(n, rat_int(1))) + 1;
    if (!(x > 0)) return 0;
    return x >= 9.0e18 ? (int64_t)9.0e18 : (int64_t)floor(x);
}

static const Pattern *build_iter(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    Rat n;
    if (!patx_rat(v[0], &n, err)) return NULL;
    return patx_check(patx_iter(a, n, js_count(n), env != NULL, p), err);
}

static const char back_tag = 1;

static const Pattern *apply_iter(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_iter, NULL, args, 1, p, err);
}

static const Pattern *apply_iter_back(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_iter, &back_tag, args, 1, p, err);
}

/* ---- chunk / chunkBack ------------------------------------------------------------------------ */

typedef struct ChunkData {
    int64_t n;
    bool back;
    const Pattern *plain, *changed; /* repeatCycles(n) p, and f of it */
} ChunkData;

/* `when` over a boolean sequence of n slots, true in slot c mod n (chunk)
 * or (n - c mod n) mod n (chunkBack), as an innerJoin: each slot queries
 * its pattern over the slot's piece of the span, so events are cut at
 * every slot edge. */
static void chunk_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const ChunkData *d = self->data;
    Rat n = rat_int(d->n);
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece)) {
        Rat cyc = rat_floor(piece.begin);
        int64_t i = pos_mod(cyc.num, d->n);
        int64_t on = d->back ? pos_mod(d->n - i, d->n) : i;
        Rat b = rat_mul(rat_sub(piece.begin, cyc), n), e = rat_mul(rat_sub(piece.end, cyc), n);
        if (!rat_ok(b) || !rat_ok(e)) {
            pat_fail_rat(ctx, rat_ok(b) ? e : b);
            return;
        }
        int64_t k0 = rat_floor(b).num;
        int64_t k1 = rat_eq(b, e) ? k0 : rat_ceil(e).num - 1;
        for (int64_t k = k0; k <= k1; k++) {
            Span slot = span_make(rat_add(cyc, rat_make(k, d->n)), rat_add(cyc, rat_make(k + 1, d->n)));
            Span part;
            if (!span_intersect(piece, slot, &part)) continue;
            if (!pat_sub_query(ctx, k == on ? d->changed : d->plain, part)) return;
        }
    }
}

/* A function argument and a variant flag (chunkBack, outside). */
typedef struct FnEnv {
    const PatFn *f;
    bool flag;
} FnEnv;

static const Pattern *build_chunk(Arena *a, const Value *v, const Pattern *p, const void *envp, PatErr *err)
{
    const FnEnv *env = envp;
    double x = val_to_number(v[0]);
    /* Array(n - 1): n must be an integer >= 1 */
    if (!(x >= 1 && x <= 4294967296.0 && floor(x) == x)) return patx_fail(err, PH_ERR_TYPE, "Invalid array length");
    ChunkData *d = ARENA_NEW(a, ChunkData);
    if (!d) return patx_check(NULL, err);
    d->n = (int64_t)x;
    d->back = env->flag;
    d->plain = pat_repeat_cycles(a, rat_int(d->n), p);
    if (!d->plain) return patx_check(NULL, err);
    d->changed = patx_call(env->f, a, d->plain, err);
    if (!d->changed) return NULL;
    return patx_check(pat_new(a, chunk_query, d), err);
}

static const Pattern *chunk_common(Arena *a, const PatArg *args, const Pattern *p, bool back, PatErr *err)
{
    FnEnv *env = ARENA_NEW(a, FnEnv);
    if (!env) return patx_check(NULL, err);
    env->f = args[1].u.fn;
    env->flag = back;
    return patx_patternify(a, build_chunk, env, args, 1, p, err);
}

static const Pattern *apply_chunk(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return chunk_common(a, args, p, false, err);
}

static const Pattern *apply_chunk_back(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return chunk_common(a, args, p, true, err);
}

/* ---- brak ---------------------------------------------------------------------------------------- */

/* when(slowcat(false, true), x => fastcat(x, silence).late(1/4)): odd
 * cycles (c mod 2 == 1, also for negative c) play the squeezed, shifted p. */
static void brak_query(const Pattern *self, PatCtx *ctx, Span span)
{
    const PairData *d = self->data;
    PatCycleIter it;
    Span piece;
    pat_cycles_init(&it, span);
    while (pat_cycles_next(ctx, &it, &piece))
        if (!pat_sub_query(ctx, pos_mod(rat_floor(piece.begin).num, 2) ? d->b : d->a, piece)) return;
}

static const Pattern *apply_brak(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    (void)args;
    PairData *d = ARENA_NEW(a, PairData);
    if (!d) return patx_check(NULL, err);
    const Pattern *pair[2] = { p, pat_silence() };
    const Pattern *squeezed = pat_fastcat(a, pair, 2);
    d->a = p;
    d->b = squeezed ? pat_late(a, rat_make(1, 4), squeezed) : NULL;
    return patx_check(d->b ? pat_new(a, brak_query, d) : NULL, err);
}

/* ---- inside / outside ------------------------------------------------------------------------------ */

/* inside n f = f(p.slow(n)).fast(n); outside n f = f(p.fast(n)).slow(n). */
static const Pattern *build_inside(Arena *a, const Value *v, const Pattern *p, const void *envp, PatErr *err)
{
    const FnEnv *env = envp; /* flag: outside */
    const Pattern *in = env->flag ? pat_fast_value(a, v[0], p, err) : pat_slow_value(a, v[0], p, err);
    const Pattern *mid = in ? patx_call(env->f, a, in, err) : NULL;
    if (!mid) return NULL;
    return env->flag ? pat_slow_value(a, v[0], mid, err) : pat_fast_value(a, v[0], mid, err);
}

static const Pattern *inside_common(Arena *a, const PatArg *args, const Pattern *p, bool outside, PatErr *err)
{
    FnEnv *env = ARENA_NEW(a, FnEnv);
    if (!env) return patx_check(NULL, err);
    env->f = args[1].u.fn;
    env->flag = outside;
    return patx_patternify(a, build_inside, env, args, 1, p, err);
}

static const Pattern *apply_inside(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return inside_common(a, args, p, false, err);
}

static const Pattern *apply_outside(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return inside_common(a, args, p, true, err);
}

/* ---- swingBy / swing ---------------------------------------------------------------------------------- */

static const Pattern *build_late(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    Rat o;
    if (!patx_rat(v[0], &o, err)) return NULL;
    return patx_check(pat_late(a, o, p), err);
}

/* swingBy x n = inside n (late (seq 0 (x/2))): x/2 as a double, then a fraction. */
static const Pattern *build_swing(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    (void)env;
    const Pattern *steps[2] = { pat_pure(a, val_num(0)), pat_pure(a, val_num(val_to_number(v[0]) / 2)) };
    if (!steps[0] || !steps[1]) return patx_check(NULL, err);
    const Pattern *shift = pat_fastcat(a, steps, 2);
    const Pattern *in = shift ? pat_slow_value(a, v[1], p, err) : NULL;
    const Pattern *late = in ? pat_patternify(a, build_late, NULL, 1, &shift, in, err) : NULL;
    return late ? pat_fast_value(a, v[1], late, err) : patx_check(NULL, err);
}

static const Pattern *apply_swing_by(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_swing, NULL, args, 2, p, err);
}

static const Pattern *build_swing_third(Arena *a, const Value *v, const Pattern *p, const void *env, PatErr *err)
{
    Value both[2] = { val_num(1.0 / 3.0), v[0] };
    return build_swing(a, both, p, env, err);
}

static const Pattern *apply_swing(Arena *a, const PatArg *args, const Pattern *p, PatErr *err)
{
    return patx_patternify(a, build_swing_third, NULL, args, 1, p, err);
}

/* ---- the table ------------------------------------------------------------------------------------------ */

const PatTransformDef pat_transforms_cycle[] = {
    PATX_ROW("rev", apply_rev, "rev", 0, PATX_P),
    PATX_ROW("palindrome", apply_palindrome, "palindrome", 0, PATX_P),
    PATX_ROW("iter", apply_iter, "iter N", 1, PATX_P),
    PATX_ROW("iterBack", apply_iter_back, "iterBack N", 1, PATX_P),
    PATX_ROW("chunk", apply_chunk, "chunk N FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("chunkBack", apply_chunk_back, "chunkBack N FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("brak", apply_brak, "brak", 0, PATX_P),
    PATX_ROW("inside", apply_inside, "inside N FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("outside", apply_outside, "outside N FUNCTION", 2, PATX_P, PATX_F),
    PATX_ROW("swingBy", apply_swing_by, "swingBy AMOUNT N", 2, PATX_P, PATX_P),
    PATX_ROW("swing", apply_swing, "swing N", 1, PATX_P),
    PAT_TRANSFORM_END,
};
